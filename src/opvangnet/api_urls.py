from rest_framework.routers import DefaultRouter

from opvangnet.capacity.api import OfferViewSet
from opvangnet.regions.api import LocationViewSet, OrganisationViewSet, RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("locations", LocationViewSet, basename="location")
router.register("offers", OfferViewSet, basename="offer")

urlpatterns = router.urls
