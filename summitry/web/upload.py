"""Uploaded pages in, ingested by one background writer, with progress to watch.

Only a server started with --allow-upload has this. Each upload is checked before anything is
ingested: the request must state its size (at most MAX_UPLOAD_BYTES), each file must be a page
(.html, .htm, .txt) or a zip of pages, no page may exceed MAX_PAGE_BYTES, and a zip may unpack to
at most MAX_UNZIPPED_BYTES in MAX_ZIP_MEMBERS pages. Zip members are written under a fresh folder
by a cleaned name (no absolute paths, no '..', no links), so nothing lands outside it. The folder
is ingested by one job at a time and removed afterwards. A URL list among the pages is not fetched
unless the server was started with --allow-fetch, and then only from public addresses.
"""

from __future__ import annotations

import lzma
import re
import secrets
import shutil
import tempfile
import threading
import time
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, Literal

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..pipeline.fetch import FetchPolicy
from ..pipeline.read import DEFAULT_MAX_BYTES
from ..queries.corpus import Corpus, IngestReport
from ..store.tokens import record_write
from .csrf import check_form_token, check_same_origin
from .write_access import writer

PAGE_SUFFIXES = (".html", ".htm", ".txt")
UPLOAD_SUFFIXES = (*PAGE_SUFFIXES, ".zip")
MAX_PAGE_BYTES = DEFAULT_MAX_BYTES
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000
MAX_FILES = 1000
KEEP_JOBS = 50
MAX_NAME_CHARS = 200  # a file or folder name (file systems take 255 bytes)
MAX_FOLDER_DEPTH = 20  # folders above a zip member
READABLE_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
# what reading a damaged member raises: bad CRC (BadZipFile), corrupt data (zlib.error, EOFError, LZMAError…)
_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, lzma.LZMAError)
_UNSAFE = re.compile(r"[^\w.\- ]+")


class UploadError(ValueError):
    """An upload refused, with the HTTP status and a one-line reason naming the file."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class IngestJob:
    id: str
    files: list[str]
    pages_total: int
    status: Literal["queued", "running", "done", "failed"] = "queued"
    pages: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    turns: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # zip members not taken, with the reason
    error: str | None = None
    created: float = field(default_factory=time.time)
    seconds: float = 0.0
    who: str = "unknown"  # who uploaded it (write_access.writer), for the audit

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "status": self.status, "files": self.files, "pages_total": self.pages_total,
            "pages": self.pages, "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "turns": self.turns, "failures": self.failures, "skipped": self.skipped, "error": self.error,
            "seconds": round(self.seconds, 2),
        }


def clean_name(name: str) -> str:
    """A file name with no folder part and no characters that mean anything to a shell or a path."""
    base = PurePosixPath(name.replace("\\", "/")).name
    return _UNSAFE.sub("_", base).strip(" .") or "page"


def check_declared_size(content_length: str | None) -> None:
    if content_length is None or not content_length.isdigit():
        raise UploadError("the upload must state its size (Content-Length)", 411)
    if int(content_length) > MAX_UPLOAD_BYTES:
        raise UploadError(f"the upload is {int(content_length):,} bytes; at most {MAX_UPLOAD_BYTES:,} are taken", 413)


def stage_file(name: str, stream: IO[bytes], folder: Path, skipped: list[dict[str, str]]) -> int:
    """Write one uploaded file (a page, or a zip of pages) into folder; returns the pages written."""
    cleaned = clean_name(name)
    if len(cleaned) > MAX_NAME_CHARS:
        raise UploadError(f"{cleaned[:40]}…: a name of {len(cleaned)} characters; at most {MAX_NAME_CHARS} are taken")
    suffix = Path(cleaned).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise UploadError(f"{cleaned}: not a page or a zip (accepted: {', '.join(UPLOAD_SUFFIXES)})", 415)
    if suffix == ".zip":
        return _stage_zip(cleaned, stream, folder, skipped)
    target = _free_path(folder / cleaned)
    _copy(stream, target, MAX_PAGE_BYTES, cleaned)
    return 1


def _stage_zip(name: str, stream: IO[bytes], folder: Path, skipped: list[dict[str, str]]) -> int:
    if not zipfile.is_zipfile(stream):
        raise UploadError(f"{name}: not a zip archive", 415)
    stream.seek(0)
    written, unpacked = 0, 0
    root = folder / Path(name).stem
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, *_UNREADABLE) as exc:
        raise UploadError(f"{name}: not a readable zip archive ({exc})") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            raise UploadError(f"{name}: {len(members)} files; at most {MAX_ZIP_MEMBERS} are taken", 413)
        for member in members:
            reason = _member_problem(member)
            if reason:
                skipped.append({"file": f"{name}/{member.filename[:300]}", "reason": reason})
                continue
            parts = [clean_name(part) for part in PurePosixPath(member.filename).parts]
            target = _free_path(root.joinpath(*parts))
            if not target.resolve().is_relative_to(folder.resolve()):
                skipped.append({"file": f"{name}/{member.filename}", "reason": "outside the archive"})
                continue
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source:
                    unpacked += _copy(source, target, MAX_PAGE_BYTES, f"{name}/{member.filename}")
            except _UNREADABLE as exc:
                target.unlink(missing_ok=True)
                skipped.append({"file": f"{name}/{member.filename[:300]}", "reason": f"cannot be read ({exc})"})
                continue
            if unpacked > MAX_UNZIPPED_BYTES:
                raise UploadError(f"{name}: unpacks to more than {MAX_UNZIPPED_BYTES:,} bytes", 413)
            written += 1
    return written


def _member_problem(member: zipfile.ZipInfo) -> str | None:
    path = PurePosixPath(member.filename.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", member.filename):
        return "path leaves the archive"
    if (member.external_attr >> 16) & 0o170000 == 0o120000:
        return "a symbolic link"
    if len(path.parts) - 1 > MAX_FOLDER_DEPTH:
        return f"{len(path.parts) - 1} folders deep; at most {MAX_FOLDER_DEPTH} are taken"
    if any(len(part) > MAX_NAME_CHARS for part in path.parts):
        return f"a name longer than {MAX_NAME_CHARS} characters"
    if member.flag_bits & 0x1:
        return "encrypted (no password is taken)"
    if member.compress_type not in READABLE_COMPRESSION:
        return f"an unknown compression (method {member.compress_type})"
    if path.suffix.lower() not in PAGE_SUFFIXES:
        return f"not a page ({', '.join(PAGE_SUFFIXES)})"
    if member.file_size > MAX_PAGE_BYTES:
        return f"larger than {MAX_PAGE_BYTES:,} bytes"
    return None


def _free_path(path: Path) -> Path:
    """path, or path with -2, -3… before its suffix when a file of that name was already written."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _copy(source: IO[bytes], target: Path, limit: int, name: str) -> int:
    """Copy at most limit bytes (counted, not trusted from headers); returns the bytes copied."""
    size = 0
    with open(target, "wb") as out:
        while chunk := source.read(1 << 16):
            size += len(chunk)
            if size > limit:
                out.close()
                target.unlink()
                raise UploadError(f"{name}: larger than {limit:,} bytes", 413)
            out.write(chunk)
    return size


class IngestJobs:
    """Uploads waiting or being ingested, one at a time, into one database."""

    def __init__(self, db_path: str, allow_fetch: bool = False) -> None:
        self.db_path = db_path
        self.fetch: FetchPolicy = "public" if allow_fetch else "none"  # URL lists: public addresses, or never
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summitry-ingest")
        self._jobs: OrderedDict[str, IngestJob] = OrderedDict()
        self._lock = threading.Lock()

    def new_folder(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="summitry-upload-"))

    def submit(self, folder: Path, files: list[str], pages: int, skipped: list[dict[str, str]], who: str = "unknown") -> IngestJob:
        job = IngestJob(secrets.token_hex(8), files, pages, skipped=skipped, who=who)
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        self._pool.submit(self._run, job, folder)
        return job

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self) -> list[IngestJob]:
        with self._lock:
            return list(reversed(self._jobs.values()))

    def _run(self, job: IngestJob, folder: Path) -> None:
        job.status = "running"

        def on_page(source: str, report: IngestReport) -> None:
            job.pages, job.added, job.updated = report.pages, report.added, report.updated
            job.unchanged, job.turns = report.unchanged, report.turns

        try:
            with Corpus(self.db_path) as corpus:
                record_write(corpus.db, job.who, "upload", {"job": job.id, "files": job.files[:100], "pages": job.pages})
                report = corpus.ingest([folder], on_page=on_page, fetch=self.fetch)
            on_page("", report)
            job.failures = [{"file": _relative(f.source, folder), "reason": f.reason} for f in report.failures]
            job.seconds = report.seconds
            job.status = "done"
        except Exception as exc:  # the job reports it; the server goes on
            job.error = f"{exc.__class__.__name__}: {exc}"
            job.status = "failed"
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def _relative(source: str, folder: Path) -> str:
    try:
        return str(Path(source).relative_to(folder))
    except ValueError:
        return source


READ_ONLY = "this server is read-only; start it with --allow-upload to ingest pages"


def upload_jobs(request: Request) -> IngestJobs:
    """The server's ingest jobs; a 403 when it was started without --allow-upload."""
    jobs = request.app.state.jobs
    if jobs is None:
        raise HTTPException(403, READ_ONLY)
    return jobs


async def receive_upload(request: Request, from_form: bool = False) -> IngestJob:
    """receive() for a request to an upload-enabled server, its errors as HTTP errors. Every upload must
    come from this site when the browser says where from; a form post must say so, and bring its token
    (summitry.web.csrf)."""
    jobs = upload_jobs(request)
    check_same_origin(request, required=from_form)
    who: list[str] = [] if from_form else [writer(request)]  # an API client is refused before its body is read

    def check_form(request: Request, form: FormData) -> None:
        if from_form:
            check_form_token(request, form)
            who.append(writer(request, form))
        request.app.state.upload_limit.check(who[0])

    try:
        return await receive(request, jobs, check_form, who)
    except UploadError as exc:
        raise HTTPException(exc.status, str(exc)) from None


async def receive(request: Request, jobs: IngestJobs,
                  check_form: Callable[[Request, FormData], None] | None = None, who: list[str] | None = None) -> IngestJob:
    """Check and stage the files of a multipart upload (field name "files"), then queue their ingest.
    check_form, when given, checks the form before any file is staged."""
    check_declared_size(request.headers.get("content-length"))
    folder = jobs.new_folder()
    skipped: list[dict[str, str]] = []
    names: list[str] = []
    pages = 0
    try:
        async with request.form(max_files=MAX_FILES, max_fields=20) as form:
            if check_form is not None:
                check_form(request, form)
            uploads = [value for value in form.getlist("files") if isinstance(value, UploadFile)]
            if not uploads:
                raise UploadError("no files in the upload (send them in the form field 'files')")
            for upload in uploads:
                name = upload.filename or "page"
                pages += await run_in_threadpool(stage_file, name, upload.file, folder, skipped)
                names.append(clean_name(name))
        if pages == 0:
            raise UploadError("no pages in the upload: " + "; ".join(f"{s['file']}: {s['reason']}" for s in skipped[:3]))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return jobs.submit(folder, names, pages, skipped, (who or ["unknown"])[0])
