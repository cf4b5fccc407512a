from django.http import HttpRequest, HttpResponseRedirect
from django.templatetags.static import static


def favicon(request: HttpRequest) -> HttpResponseRedirect:
    """Browsers ask /favicon.ico on every page (also the admin's); the icon is a static file of the app.

    Resolved per request, because in production the static name carries its content hash from the manifest.
    """
    return HttpResponseRedirect(static("opvangnet/favicon.svg"))
