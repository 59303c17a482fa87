"""The standard questions' own words (research.measures, and the skills inventory's names that
"offer" lists), marked for the message catalogues so residents read them in their language; a
staff translation of a survey still comes first. `test_standard_words_are_marked` fails when
an item is added and not listed here."""

from django.utils.translation import gettext_noop

WORDS = (
    gettext_noop("How safe do you feel walking alone in this area after dark?"),
    gettext_noop("Very safe"),
    gettext_noop("Fairly safe"),
    gettext_noop("A bit unsafe"),
    gettext_noop("Very unsafe"),
    gettext_noop("I never walk alone after dark"),
    gettext_noop("How safe do you feel walking alone in this area during the day?"),
    gettext_noop("How much of a problem are noisy neighbours or loud parties in your area?"),
    gettext_noop("Very big problem"),
    gettext_noop("Fairly big problem"),
    gettext_noop("Not a very big problem"),
    gettext_noop("Not a problem at all"),
    gettext_noop("How much of a problem are teenagers hanging around on the streets in your area?"),
    gettext_noop("How much of a problem are rubbish or litter lying around in your area?"),
    gettext_noop(
        "How much of a problem are vandalism, graffiti and other deliberate damage to property or vehicles in your area?"
    ),
    gettext_noop("How much of a problem are people using or dealing drugs in your area?"),
    gettext_noop(
        "How much of a problem are people being drunk or rowdy in public places in your area?"
    ),
    gettext_noop("How much of a problem are abandoned or burnt-out cars in your area?"),
    gettext_noop("How strongly do you feel you belong to your immediate neighbourhood?"),
    gettext_noop("Very strongly"),
    gettext_noop("Fairly strongly"),
    gettext_noop("Not very strongly"),
    gettext_noop("Not at all strongly"),
    gettext_noop(
        "Overall, how satisfied or dissatisfied are you with your local area as a place to live?"
    ),
    gettext_noop("Very satisfied"),
    gettext_noop("Fairly satisfied"),
    gettext_noop("Neither satisfied nor dissatisfied"),
    gettext_noop("Fairly dissatisfied"),
    gettext_noop("Very dissatisfied"),
    gettext_noop(
        "To what extent do you agree that people in this neighbourhood pull together to improve the neighbourhood?"
    ),
    gettext_noop("Definitely agree"),
    gettext_noop("Tend to agree"),
    gettext_noop("Tend to disagree"),
    gettext_noop("Definitely disagree"),
    gettext_noop("Nothing needs improving"),
    gettext_noop("How often do you feel lonely?"),
    gettext_noop("Often or always"),
    gettext_noop("Some of the time"),
    gettext_noop("Occasionally"),
    gettext_noop("Hardly ever"),
    gettext_noop("Never"),
    gettext_noop("How often do you feel that you lack companionship?"),
    gettext_noop("Hardly ever or never"),
    gettext_noop("Often"),
    gettext_noop("How often do you feel left out?"),
    gettext_noop("How often do you feel isolated from others?"),
    gettext_noop("Overall, how satisfied are you with your life nowadays?"),
    gettext_noop("Not at all"),
    gettext_noop("Completely"),
    gettext_noop(
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?"
    ),
    gettext_noop("Overall, how happy did you feel yesterday?"),
    gettext_noop(
        "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', overall, how anxious did you feel yesterday?"
    ),
    gettext_noop("Not at all anxious"),
    gettext_noop("Completely anxious"),
    gettext_noop("What one thing would make this area a better place to live?"),
    gettext_noop("Is there anything you could offer your neighbours? Choose any that apply."),
    gettext_noop("Cooking"),
    gettext_noop("Gardening"),
    gettext_noop("DIY and repairs"),
    gettext_noop("Computers and phones"),
    gettext_noop("Listening and befriending"),
    gettext_noop("Driving"),
    gettext_noop("Children and young people"),
    gettext_noop("Sport and exercise"),
    gettext_noop("Music, arts and crafts"),
    gettext_noop("Translating and interpreting"),
    gettext_noop("Admin, money and forms"),
    gettext_noop("First aid"),
    gettext_noop("Organising events"),
    gettext_noop("Teaching and tutoring"),
)
