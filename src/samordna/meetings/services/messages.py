"""Error messages of the meeting services: constants the views show and the tests reuse."""

from django.utils.translation import gettext_lazy as _

MEETING_IN_PAST = _("Välj en tid som inte redan har passerat.")
AFTERWARDS_IN_FUTURE = _("Ett möte som inte har hållits än kallar du till på vanligt sätt, med Kalla till möte.")
AFTERWARDS_BEFORE_NEED = _("Mötet kan inte ha hållits före datumet då behovet uppmärksammades.")
AFTERWARDS_NO_PRE_MEETING = _("Bara SIP-möten och uppföljningsmöten förs in i efterhand.")
MEETING_NOT_DRAFT = _("Kallelsen är redan skickad. Flytta eller ställ in mötet i stället.")
MEETING_NOT_SENT = _("Kallelsen är inte skickad än. Ändra utkastet i stället.")
MEETING_NOT_CHANGEABLE = _("Mötet är genomfört eller inställt och kan inte ändras.")
MEETING_WITHDRAWN = _("Mötet är inställt. Kallelsen kan inte längre besvaras.")
MEETING_ALREADY_HELD = _("Mötet är redan genomfört. Kallelsen kan inte längre besvaras.")
MEETING_NOT_STARTED = _("Mötet kan dokumenteras först när det har börjat.")
MEETING_CANNOT_BE_RECORDED = _("Bara ett möte som kallelse har skickats till kan dokumenteras.")
NO_UNITS_INVITED = _("Kalla minst en enhet innan kallelsen skickas.")
UNITS_NOT_COVERED = _(
    "Samtycket omfattar inte %(units)s. Registrera ett nytt samtycke som omfattar enheterna innan de kallas."
)
UNIT_ALREADY_INVITED = _("Enheten är redan kallad till mötet.")
ORGANISER_UNIT_NOT_INVITED = _("Den sammankallande enheten är redan med och kallas inte.")
MOVE_NOTHING_CHANGED = _("Ange en ny tid, längd eller plats.")
PRE_MEETING_PROFESSIONALS_ONLY = _(
    "Ett förmöte är bara för professionella. Den enskilde och närstående kallas till SIP-mötet."
)
PARTICIPANT_ALREADY_ADDED = _("Personen är redan deltagare i mötet.")
PARTICIPANT_ALREADY_REMOVED = _("Deltagaren är redan borttagen.")
CIRCLE_PERSON_REQUIRED = _("Välj en person som hör till den enskilde.")
RELATED_NOT_COVERED = _(
    "Samtycket omfattar inte den närstående. Registrera ett nytt samtycke som omfattar personen först."
)
EXTERNAL_NEEDS_ORGANISATION = _("Ange vilken organisation deltagaren kommer från.")
EXTERNAL_NEEDS_CONTACT = _("Ange minst ett sätt att nå deltagaren: e-post, telefon eller postadress.")
INVITATION_NOT_ANSWERABLE = _("Kallelsen kan inte längre besvaras.")
INVITATION_NOT_OPEN = _("Kallelsen är redan återkallad, returnerad eller vidarebefordrad.")
ACCEPT_NEEDS_ATTENDEE = _("Ange vem eller vilka från enheten som kommer.")
ATTENDEE_NOT_IN_UNIT = _("Välj personal som arbetar på den kallade enheten.")
SUBSTITUTE_NEEDS_NAME = _("Ange vem som kommer i stället.")
DECLINE_NEEDS_REASON = _("Ange varför enheten inte kan delta.")
WRONG_UNIT_NEEDS_NOTE = _("Skriv en kommentar till samordningsansvarig om vem som borde kallas.")
FORWARD_NEEDS_UNIT = _("Välj den enhet som kallelsen ska gå till.")
FORWARD_OTHER_PRINCIPAL = _(
    "Kallelsen kan bara vidarebefordras inom den egna huvudmannen. Returnera den annars till samordningsansvarig."
)
FORWARD_NOT_COVERED = _(
    "Enheten omfattas inte av samtycket och kan inte få kallelsen. Svara 'fel mottagare' med en kommentar, så "
    "ordnar samordningsansvarig ett nytt samtycke."
)
UNKNOWN_ANSWER = _("Välj ett svar.")
CHAIR_NOT_IN_MEETING = _("Ordföranden ska vara personal från en av enheterna i mötet.")
SECRETARY_NOT_IN_MEETING = _("Sekreteraren ska vara personal från en av enheterna i mötet.")
PRE_MEETING_NO_INDIVIDUAL = _("Den enskilde deltar inte i ett förmöte.")
PRE_MEETING_NO_CODE = _("Ett förmöte registreras utan KVÅ-kod.")
INTERPRETER_NEEDS_LANGUAGE = _("Ange vilket språk tolken använde.")

LEFT_AS_WRONG_UNIT = _("Fel mottagare av kallelsen.")
