from rest_framework.routers import DefaultRouter

from opvangnet.regions.api import LocationViewSet, OrganisationViewSet, RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("locations", LocationViewSet, basename="location")

urlpatterns = router.urls
