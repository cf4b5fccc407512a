from django.urls import path
from rest_framework.routers import DefaultRouter

from opvangnet.capacity.api import OfferViewSet
from opvangnet.collection.api import ContributionViewSet, DataValueSetView, RoundViewSet, SubmissionViewSet
from opvangnet.identification.api import (
    ApplicationViewSet,
    CaseViewSet,
    IndStatusViewSet,
    IndTransmissionViewSet,
)
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
router.register("identification/applications", ApplicationViewSet, basename="identification-application")
router.register("identification/cases", CaseViewSet, basename="identification-case")
router.register("identification/ind-status", IndStatusViewSet, basename="identification-ind-status")
router.register(
    "identification/ind-transmissions", IndTransmissionViewSet, basename="identification-ind-transmission"
)
router.register("collection/rounds", RoundViewSet, basename="collection-round")
router.register("collection/submissions", SubmissionViewSet, basename="collection-submission")
router.register("collection/contributions", ContributionViewSet, basename="collection-contribution")

urlpatterns = [
    path("matches", matches, name="matches"),
    path("collection/data-value-sets", DataValueSetView.as_view(), name="collection-data-value-sets"),
    path("picture", picture_view, name="picture"),
    *router.urls,
]
