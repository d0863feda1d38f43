"""Component ids, defined once (pages and tests import them)."""

URL = "url"
LANG = "lang"
STORE_VERSION = "store-version"
VERSION_POLL = "version-poll"
NAV = "nav"
LANG_LINKS = "lang-links"
LOGOUT = "logout"

FILTER_FROM = "filter-from"
FILTER_TO = "filter-to"
FILTER_UNIT = "filter-unit"
FILTER_KIND = "filter-kind"
FILTER_ORG_TYPE = "filter-org-type"
FILTER_DOCUMENT = "filter-document"
FILTER_PREDECESSORS = "filter-predecessors"  # switch: a unit's merged predecessors included (default on)
FILTER_PERIOD = "filter-period"  # a shortcut that sets FILTER_FROM/FILTER_TO; not a filter of its own
FILTER_CLEAR = "filter-clear"
FILTER_SUMMARY = "filter-summary"
FILTER_DROPDOWNS = (FILTER_FROM, FILTER_TO, FILTER_UNIT, FILTER_KIND, FILTER_ORG_TYPE, FILTER_DOCUMENT)
# What every chart listens to and the URL keeps, in this order (the dropdowns, then the switch).
FILTERS = (*FILTER_DROPDOWNS, FILTER_PREDECESSORS)

# Overview
KPIS = "overview-kpis"
ACTIVITY_CHART = "overview-activity"
ATTENDEES_CHART = "overview-attendees"
LATEST_GRID = "overview-latest"

# Attendance
MIX_CHART = "attendance-mix"
TREEMAP_CHART = "attendance-treemap"
ORG_RATE_CHART = "attendance-org-rate"
GAPS_CHART = "attendance-gaps"

# Topics
COVERAGE_CHART = "topics-coverage"
STUDY_RATE_CHART = "topics-study-rate"
DOCUMENT_PICK = "topics-document"
DOCUMENT_DETAIL = "topics-document-detail"

# Conferences
CONFERENCE_GRID = "conferences-grid"
CONFERENCE_DETAIL = "conferences-detail"
CONFERENCE_NOTE = "conferences-note"

# Upload and history
UPLOAD = "upload-files"
UPLOAD_UNIT = "upload-unit"
UPLOAD_RESULT = "upload-result"
UPLOAD_CONFIRM = "upload-confirm"
UPLOAD_PROBLEMS_DOWNLOAD = "upload-problems-download"
UPLOAD_PROBLEMS_BUTTON = "upload-problems-button"
UPLOAD_PROBLEMS_STORE = "upload-problems-store"
UPLOAD_JOB = "upload-job"
UPLOAD_POLL = "upload-poll"
UPLOAD_DUPLICATES_BOX = "upload-duplicates-box"
UPLOAD_CONFIRM_DUPLICATES = "upload-confirm-duplicates"
HISTORY_GRID = "history-grid"
HISTORY_RESULT = "history-result"
HISTORY_UNDO = "history-undo"
HISTORY_RESTORE = "history-restore"
HISTORY_PENDING = "history-pending"  # what the shown preview would do: kind, version, base version
HISTORY_UNDO_ACK = "history-undo-ack"
HISTORY_UNDO_CONFIRM = "history-undo-confirm"
HISTORY_RESTORE_TYPED = "history-restore-typed"
HISTORY_RESTORE_CONFIRM = "history-restore-confirm"

# The filter panel: inline from a large screen, an off-canvas panel behind the "Bộ lọc" button below it.
ACCESS_NOTE = "access-note"  # why the charts are empty: a unit filter outside the account's access
ACCESS_FOOTER = "access-footer"  # what this account reads (or that viewing is open to all)
FILTER_AREA = "filter-area"  # the panel and its button; hidden on pages the filters do not apply to
FILTER_PANEL = "filter-panel"
FILTER_OPEN = "filter-open"
FILTER_CLOSE = "filter-close"
FILTER_DONE = "filter-done"
FILTER_BACKDROP = "filter-backdrop"
FILTER_CHIPS = "filter-chips"  # the active filters as removable chips (below a large screen)
FILTER_CHIP = "filter-chip"  # pattern id type of one chip: {"type": FILTER_CHIP, "filter": …, "value": …}

# The /entry page (dashboard.pages.entry): one conference by hand or from a news post.
ENTRY_UNIT = "entry-unit"
ENTRY_OPEN = "entry-open"
ENTRY_POST = "entry-post"
ENTRY_POST_FILE = "entry-post-file"
ENTRY_FILL = "entry-fill"
ENTRY_FILL_STATUS = "entry-fill-status"
ENTRY_ID = "entry-id"
ENTRY_DATE = "entry-date"
ENTRY_END_DATE = "entry-end-date"
ENTRY_SESSION = "entry-session"
ENTRY_TITLE = "entry-title"
ENTRY_KIND = "entry-kind"
ENTRY_ORGANIZER = "entry-organizer"
ENTRY_LOCATION = "entry-location"
ENTRY_DOCS_STUDIED = "entry-docs-studied"
ENTRY_DOCS_DISSEMINATED = "entry-docs-disseminated"
ENTRY_SPEAKERS = "entry-speakers"
ENTRY_TOTAL = "entry-total"
ENTRY_ATTENDANCE = "entry-attendance"
ENTRY_NOTE = "entry-note"  # + "-<field>": the sentence a field came from, "not found", or its problems
ENTRY_PREVIEW = "entry-preview"
ENTRY_CONFIRM = "entry-confirm"
ENTRY_RESULT = "entry-result"
ENTRY_PENDING = "entry-pending"  # the files previewed, committed as they are
