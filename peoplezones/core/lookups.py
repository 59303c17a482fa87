"""`in` on an integer column ignores values no such column can hold, as Django's own `exact`,
`gt` and `lt` already do (IntegerFieldOverflow). Without it, an id of forty nines sent in a form's
list of choices reaches the database and raises OverflowError (SQLite) or DataError (PostgreSQL):
a server error from a typing mistake or a probe."""

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
