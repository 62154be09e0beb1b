"""Ship the three counties' routine profiles as data (seeds 000, 001, 002)."""

from django.db import migrations

PROFILES = [
    {
        "code": "vastmanland",
        "name": "Västmanland – länsgemensam samverkansrutin",
        "source": "Seed 000. Rutinen anger ingen längsta giltighet för samtycke; tre år är satt som tak.",
        "consent_default_validity_days": 365,
        "consent_max_validity_days": 1095,
        "invitation_answer_working_days": 1,
        "plan_documentation_working_days": 2,
        "meeting_within_days": 21,
        "discharge_invitation_days": 3,
        "withdrawn_documentation": "keep",
    },
    {
        "code": "dalarna",
        "name": "Dalarna – Borlänge, checklista för barn och unga",
        "source": "Seed 001: samtycke högst ett år, SIP-möte inom 3 veckor.",
        "consent_default_validity_days": 365,
        "consent_max_validity_days": 365,
        "invitation_answer_working_days": 1,
        "plan_documentation_working_days": 2,
        "meeting_within_days": 21,
        "discharge_invitation_days": 3,
        "withdrawn_documentation": "keep",
    },
    {
        "code": "vastra-gotaland",
        "name": "Västra Götaland – SIP-utbildning",
        "source": "Seed 002: SIP-möte inom 3 veckor. Ingen längsta giltighet för samtycke anges; tre år är satt som tak.",
        "consent_default_validity_days": 365,
        "consent_max_validity_days": 1095,
        "invitation_answer_working_days": 1,
        "plan_documentation_working_days": 2,
        "meeting_within_days": 21,
        "discharge_invitation_days": 3,
        "withdrawn_documentation": "keep",
    },
]


def create_profiles(apps, schema_editor):
    RoutineProfile = apps.get_model("organizations", "RoutineProfile")
    for values in PROFILES:
        RoutineProfile.objects.update_or_create(code=values["code"], defaults=values)


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(create_profiles, migrations.RunPython.noop)]
