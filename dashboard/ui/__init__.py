"""The web shell shared by every page: ids, state, filter bar, blocks, exports."""
