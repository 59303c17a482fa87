"""Property-based fuzzing (hypothesis): every public form and importer, random and hostile input.

Examples are derived from a fixed seed so CI is repeatable; set PZ_FUZZ_EXAMPLES (and
PZ_FUZZ_RANDOM=1 for fresh examples) to explore further locally. The whole suite is bounded to
under three minutes on a 2-core machine by the example counts.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "peoplezones",
    max_examples=int(os.environ.get("PZ_FUZZ_EXAMPLES", "25")),
    derandomize=os.environ.get("PZ_FUZZ_RANDOM") != "1",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large],
    print_blob=True,
)  # fmt: skip
settings.load_profile("peoplezones")
