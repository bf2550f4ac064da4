"""The community asset directory: groups, places, services and volunteering roles a person could join,
read from and written as Open Referral UK / HSDS data.

One :class:`Asset` is one service at one location (HSDS's *service_at_location*): a lunch club in a
church hall, the library with its opening hours, a volunteering role at the food bank. A
:class:`Directory` holds the assets and answers the questions a coordinator asks: what is near, what
meets on a Tuesday morning, what has step-free access, what costs little.

Asset kinds and how each is drawn on an ecomap (:data:`ecomap.model.KINDS`, sectors by
:func:`sector_for`):

================  ==========================================  ===========  ==========================
kind              for                                         ecomap kind  sector
================  ==========================================  ===========  ==========================
``group``         clubs, classes, choirs, worship, societies  group        community; faith if tagged
                                                                           faith; work_learning if
                                                                           tagged learning
``service``       befriending, transport, advice, food bank   service      other_services
``place``         the library, a cafe, allotments, a gym      place        community
``volunteering``  a role where the person gives time          group        work_learning
================  ==========================================  ===========  ==========================

One module, one idea; every public name is importable from ``ecomap.directory`` itself:

- :mod:`ecomap.directory.assets`: the vocabularies, the pure rules (:func:`distance_km`,
  :func:`sector_for`, :func:`access_codes_from_text`), :class:`Location`, :class:`Schedule`,
  :class:`Asset` and :class:`Directory`.
- :mod:`ecomap.directory.hsds_read`: :func:`load_directory` reads an HSDS tabular package (a folder
  or ``.zip`` of CSV tables, HSDS 3.0 or older Open Referral UK names) or HSDS JSON, and raises every
  problem together as :class:`DirectoryInvalid`.
- :mod:`ecomap.directory.summary`: :func:`summarise` groups the problems of a lenient read
  (:func:`read_directory`) by kind, most frequent first.
- :mod:`ecomap.directory.hsds_write`: :func:`save_directory` and :func:`directory_files` write an
  HSDS 3.0 tabular package, with what HSDS has no column for as attributes in the project's own
  ``ecomap-*`` taxonomies.

References: HSDS 3.0 schema reference, https://docs.openreferral.org/en/latest/hsds/schema_reference.html;
Open Referral UK, https://openreferraluk.org; recurrence fields (freq, interval, byday, bymonthday)
follow iCalendar RRULE, RFC 5545 section 3.3.10.
"""

from __future__ import annotations

from ecomap.directory.assets import (
    ACCESS_WORDING,
    ASSET_KINDS,
    COST_BANDS,
    DAY_PART_HOURS,
    EARTH_RADIUS_KM,
    ECOMAP_KIND,
    LOW_COST_LIMIT,
    SECTOR_TAGS,
    STATUSES,
    TAXONOMIES,
    TAXONOMY_ACCESS,
    TAXONOMY_FEATURE,
    TAXONOMY_KIND,
    TAXONOMY_TAG,
    UK_ACCESS_CODES,
    VENUE_ACCESS,
    Asset,
    AssetKind,
    CostBand,
    Directory,
    DirectoryInvalid,
    Id,
    Location,
    Schedule,
    Status,
    Text,
    VenueAccess,
    Weekday,
    access_codes_from_text,
    distance_km,
    sector_for,
)
from ecomap.directory.hsds_read import (
    REQUIRED_COLUMNS,
    TABLE_NAMES,
    DirectoryRead,
    Tables,
    json_kind,
    load_directory,
    read_directory,
)
from ecomap.directory.hsds_write import (
    FIELD_TYPES,
    FOREIGN_KEYS,
    WRITTEN_TABLES,
    directory_files,
    save_directory,
)
from ecomap.directory.summary import ProblemKind, summarise

__all__ = [
    # assets
    "ACCESS_WORDING",
    "ASSET_KINDS",
    "COST_BANDS",
    "DAY_PART_HOURS",
    "EARTH_RADIUS_KM",
    "ECOMAP_KIND",
    "LOW_COST_LIMIT",
    "SECTOR_TAGS",
    "STATUSES",
    "TAXONOMIES",
    "TAXONOMY_ACCESS",
    "TAXONOMY_FEATURE",
    "TAXONOMY_KIND",
    "TAXONOMY_TAG",
    "UK_ACCESS_CODES",
    "VENUE_ACCESS",
    "Asset",
    "AssetKind",
    "CostBand",
    "Directory",
    "DirectoryInvalid",
    "Id",
    "Location",
    "Schedule",
    "Status",
    "Text",
    "VenueAccess",
    "Weekday",
    "access_codes_from_text",
    "distance_km",
    "sector_for",
    # hsds_read
    "REQUIRED_COLUMNS",
    "TABLE_NAMES",
    "Tables",
    "load_directory",
    "DirectoryRead",
    "json_kind",
    "read_directory",
    # summary
    "ProblemKind",
    "summarise",
    # hsds_write
    "FIELD_TYPES",
    "FOREIGN_KEYS",
    "WRITTEN_TABLES",
    "directory_files",
    "save_directory",
]
