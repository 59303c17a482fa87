"""Zone pages, split by who uses them: public.py (everyone), manage.py (coordinators and staff),
partners.py (partner agencies and the programme-wide view)."""
