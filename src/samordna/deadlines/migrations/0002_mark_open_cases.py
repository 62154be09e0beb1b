"""Every open case of an existing database gets its stored deadlines worked out: marked here, worked out by the
first page that shows it, by the sweep, or at once by `manage.py deadlines_rebuild`."""

from django.db import migrations


def mark_open_cases(apps, schema_editor):
    case_model = apps.get_model("cases", "CoordinationCase")
    refresh_model = apps.get_model("deadlines", "DeadlineRefresh")
    case_ids = case_model.objects.exclude(status="closed").values_list("pk", flat=True)
    refresh_model.objects.bulk_create((refresh_model(case_id=case_id) for case_id in case_ids.iterator()), batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_stored_deadlines"),
    ]

    operations = [migrations.RunPython(mark_open_cases, migrations.RunPython.noop)]
