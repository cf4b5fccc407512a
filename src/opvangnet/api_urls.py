from django.urls import path
from rest_framework.routers import DefaultRouter

from opvangnet.capacity.api import OfferViewSet
from opvangnet.placement.api import PlacementRequestViewSet, ProviderProposalViewSet, matches
from opvangnet.regions.api import LocationViewSet, OrganisationViewSet, RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("locations", LocationViewSet, basename="location")
router.register("offers", OfferViewSet, basename="offer")
router.register("placement-requests", PlacementRequestViewSet, basename="placement-request")
router.register("proposals", ProviderProposalViewSet, basename="proposal")

urlpatterns = [path("matches", matches, name="matches"), *router.urls]
