"""The demo data shows the protected-identity rules."""

from samordna.demo.seed import seed_demo
from samordna.people.models import ProtectedIdentityViewer


def test_the_demo_names_who_may_see_the_protected_persons_details(db):
    """Linnea has protected identity; the IFO manager has named her convener, so the feature can be shown."""
    seed_demo()
    viewer = ProtectedIdentityViewer.objects.select_related("person", "user", "granted_by").get()
    assert viewer.person.protected_identity
    assert (viewer.user.username, viewer.granted_by.username) == ("soc", "soc.chef")
