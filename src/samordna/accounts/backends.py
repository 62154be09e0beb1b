from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first among the authentication backends.

    Every login over HTTP (our login page, the admin's) hands `authenticate` the request, and is counted
    and locked out per username. A call without a request comes from code on the server (a management
    command, the shell, a test) where there is no client to lock out; axes would refuse it outright, so
    the check is skipped and the password backend decides alone. A future login view must pass `request`.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
