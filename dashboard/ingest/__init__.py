"""Ingest: uploaded files in, validated tables and a store commit out."""

from dashboard.ingest.read import UploadFile
from dashboard.ingest.undo import (RestorePlan, UndoPlan, parse_version, plan_restore, plan_undo, restore_store,
                                   undo_upload)
from dashboard.ingest.upload import CommitResult, UploadPlan, commit_upload, prepare_upload, rollback

__all__ = ["CommitResult", "RestorePlan", "UndoPlan", "UploadFile", "UploadPlan", "commit_upload", "parse_version",
           "plan_restore", "plan_undo", "prepare_upload", "restore_store", "rollback", "undo_upload"]
