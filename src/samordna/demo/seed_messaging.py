"""Demo messages: a conversation between the school and BUP in Alva Bergkvist's case (fictitious)."""

from samordna.cases.models import CoordinationCase
from samordna.messaging import services as messaging_services
from samordna.organizations.models import Unit


def seed_messages(users: dict) -> None:
    """`skola` asks BUP about the next step and `bup` answers; `bup` has read it, so `skola` sees the receipt."""
    case = CoordinationCase.objects.filter(person__first_name="Alva", person__last_name="Bergkvist").first()
    if case is None:
        return
    school, bup = users["skola"], users["bup"]
    bup_unit = Unit.objects.filter(memberships__user=bup).first()
    thread = messaging_services.thread_start(
        case=case,
        by=school,
        subject="Samtalsstödet efter lovet",
        body="Hej! Vi undrar om samtalen på BUP fortsätter efter lovet, så att vi kan planera de kortare dagarna.",
        units=[bup_unit],
    )
    messaging_services.message_send(
        thread=thread, by=bup, body="Ja, varannan tisdag som förut. Vi hör av oss om tiden ändras."
    )
