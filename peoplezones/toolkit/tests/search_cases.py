"""Plain-language needs, as residents and coordinators put them, with the option(s) that should
come first. Used by the search-quality test; add a case whenever a real search disappoints."""

CASES: list[tuple[str, set[str]]] = [
    ("lonely older neighbours", {"good-neighbour-befriending-visits"}),
    ("my elderly neighbour never sees anyone", {"good-neighbour-befriending-visits"}),
    (
        "kids hanging around the shops with nothing to do",
        {"detached-youth-work", "youth-sport-diversion"},
    ),
    ("teenagers causing trouble in the evenings", {"youth-sport-diversion", "detached-youth-work"}),
    ("cars going too fast down our road", {"community-speed-watch"}),
    ("rubbish dumped in the back alley", {"fly-tipping-hotspot-days", "alley-gating"}),
    ("litter everywhere in the park", {"community-litter-pick"}),
    ("people feel scared walking home at night", {"night-safety-walk", "bus-stop-walk-home"}),
    ("street lights broken and dark paths", {"night-safety-walk"}),
    ("help getting online", {"digital-skills-sessions"}),
    ("older people being scammed on the doorstep", {"scam-awareness-older-people"}),
    ("burglaries through the back gardens", {"alley-gating", "neighbourhood-watch"}),
    ("graffiti on the shops", {"graffiti-rapid-removal"}),
    ("men on their own who won't talk about how they feel", {"mens-shed", "peer-support-group"}),
    ("somewhere warm to go in winter", {"warm-space"}),
    ("families struggling with food", {"community-fridge", "cooking-on-a-budget"}),
    ("fixing broken things instead of throwing them away", {"repair-cafe"}),
    ("grow vegetables together on waste ground", {"community-garden"}),
    ("unemployed people need help finding work", {"job-club"}),
    ("new arrivals who are learning English", {"conversation-cafe"}),
    ("get neighbours to know each other", {"street-party-big-lunch", "neighbourhood-watch"}),
    ("young people want a say in what happens", {"youth-forum"}),
    (
        "exercise for people who are not very active",
        {"community-walking-group", "youth-sport-diversion"},
    ),
    ("new mums feeling isolated", {"parents-group"}),
    ("meeting with the police about local problems", {"pact-meetings"}),
    ("find out what skills and groups our area already has", {"community-asset-walk"}),
    ("people with depression supporting each other", {"peer-support-group"}),
    ("vulnerable person lost in town needs somewhere safe", {"safe-places-scheme"}),
]
