"""Ingest: uploaded files in, validated tables and a store commit out."""

from dashboard.ingest.read import UploadFile
from dashboard.ingest.upload import CommitResult, UploadPlan, commit_upload, prepare_upload, rollback

__all__ = ["CommitResult", "UploadFile", "UploadPlan", "commit_upload", "prepare_upload", "rollback"]
