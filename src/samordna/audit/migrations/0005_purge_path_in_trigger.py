"""The append-only trigger gets one narrow exception: the retention purge (manage.py purge_audit_log).

UPDATE stays refused always. DELETE is refused unless the deleting transaction has set
`samordna.audit_purge_cutoff` (a transaction-local setting, `set_config(..., true)`) AND the row is older
than that cutoff AND the cutoff itself lies at least five years back (HSLF-FS 2016:40 4 kap. 9 §: access
logs are kept at least five years). So even someone who sets the cutoff by hand can only remove rows
older than five years; a plain DELETE removes nothing."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
DECLARE
    cutoff_text text;
    cutoff timestamptz;
BEGIN
    IF TG_OP = 'DELETE' THEN
        cutoff_text := current_setting('samordna.audit_purge_cutoff', true);
        IF cutoff_text IS NOT NULL AND cutoff_text <> '' THEN
            cutoff := cutoff_text::timestamptz;
            IF cutoff > now() - interval '5 years' THEN
                RAISE EXCEPTION 'audit_auditevent purge refused: cutoff %% is less than five years ago', cutoff;
            END IF;
            IF OLD.at < cutoff THEN
                RETURN OLD;
            END IF;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: %% refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def replace_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def restore_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_actor_unit_and_principal")]

    operations = [migrations.RunPython(replace_function, restore_function)]
