from django.urls import path
from rest_framework.routers import DefaultRouter

from opvangnet.capacity.api import OfferViewSet
from opvangnet.identification.api import CaseViewSet, IndOutcomeViewSet, ReferralViewSet
from opvangnet.insights.api import picture_view
from opvangnet.placement.api import PlacementRequestViewSet, ProviderProposalViewSet, matches
from opvangnet.regions.api import LocationViewSet, OrganisationViewSet, RegionViewSet

router = DefaultRouter()
router.register("regions", RegionViewSet, basename="region")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("locations", LocationViewSet, basename="location")
router.register("offers", OfferViewSet, basename="offer")
router.register("placement-requests", PlacementRequestViewSet, basename="placement-request")
router.register("proposals", ProviderProposalViewSet, basename="proposal")
router.register("identification/referrals", ReferralViewSet, basename="identification-referral")
router.register("identification/cases", CaseViewSet, basename="identification-case")
router.register("identification/ind-outcomes", IndOutcomeViewSet, basename="identification-ind-outcome")

urlpatterns = [
    path("matches", matches, name="matches"),
    path("picture", picture_view, name="picture"),
    *router.urls,
]
