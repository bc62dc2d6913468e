"""Image storage: Cloudinary when ``CLOUDINARY_URL`` is set, local files otherwise.

Images are uploaded by editors only; the API never fetches a URL a client gives it. A stored
image is a reference string (``cloudinary:<public_id>`` or ``local:<folder>/<file>``) kept on
the model; :func:`image_urls` turns it into the same response fields for either backend.

Uploads are typed by their bytes (PNG, JPEG, WebP; never SVG) and capped in size
(``MEDIA_MAX_IMAGE_BYTES``); local files are served with ``nosniff`` and a locked-down CSP so
a stored file can only ever be an image.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, BinaryIO

from flask import Flask, current_app, send_from_directory, url_for

from japaguide.errors import APIError

#: The brief's Cloudinary folders.
FOLDERS = frozenset(
    {"flags", "country_heroes", "avatars", "story_covers", "roadmap_pdfs", "documents"}
)
#: Raster formats only. SVG is refused: it is a document that can carry script and links, and
#: serving user-supplied markup from our origin is an XSS waiting to happen.
ALLOWED_TYPES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
}
CONTENT_TYPES_BY_EXTENSION = {extension: mimetype for mimetype, extension in ALLOWED_TYPES.items()}
#: Default for ``MEDIA_MAX_IMAGE_BYTES`` (the request body limit, MAX_CONTENT_LENGTH, also applies).
MAX_IMAGE_BYTES = 2 * 1024 * 1024
#: Local files are served as inert data: never sniffed into HTML, never run as a page.
MEDIA_RESPONSE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
THUMBNAIL = {"width": 160, "height": 160, "crop": "fill"}
HERO = {"width": 1600, "height": 900, "crop": "fill"}
SNIFF_WINDOW = 1024


def _sniff(data: bytes) -> str | None:
    """Trust the bytes, not the client's content type or file name."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _looks_like_svg(data: bytes) -> bool:
    head = data[:SNIFF_WINDOW].lower()
    return b"<svg" in head or b"image/svg" in head


def _unsupported(field: str, data: bytes) -> APIError:
    # 422: the form is as documented (a binary part); its bytes break a rule no schema states.
    if _looks_like_svg(data):
        return APIError(
            422,
            "SVG images are not accepted (they can carry scripts): upload a PNG, JPEG or WebP.",
            fields={field: ["SVG is not accepted."]},
        )
    return APIError(
        422,
        "The file is not a PNG, JPEG or WebP image.",
        fields={field: ["Unsupported image type."]},
    )


def _configure_cloudinary(app: Flask) -> bool:
    url = app.config.get("CLOUDINARY_URL")
    if not url:
        return False
    import cloudinary

    config = cloudinary.config()
    if getattr(config, "_japaguide_url", None) != url:
        # The SDK reads CLOUDINARY_URL from the process environment only; load ours (which may
        # carry ?upload_prefix=… for self-hosted or test endpoints) the same way it would.
        cloudinary.reset_config()
        config = cloudinary.config()
        config._load_from_url(url)
        config.update(secure=True, _japaguide_url=url)
    return True


def store_image(stream: BinaryIO, folder: str, *, name_hint: str = "", field: str = "file") -> str:
    """Store an uploaded image in ``folder``; returns its reference.

    ``field`` names the form field in errors. Size and type are judged on the bytes read, never
    on what the client declares.
    """
    if folder not in FOLDERS:
        raise ValueError(f"unknown image folder {folder!r}")
    limit = int(current_app.config.get("MEDIA_MAX_IMAGE_BYTES") or MAX_IMAGE_BYTES)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise APIError(
            413,
            f"Images must be at most {_megabytes(limit)}.",
            fields={field: ["File too large."]},
        )
    mimetype = _sniff(data)
    if mimetype is None:
        raise _unsupported(field, data)
    app = current_app
    stem = f"{name_hint.lower() or 'img'}-{secrets.token_hex(6)}"
    if _configure_cloudinary(app):
        import cloudinary.uploader

        result = cloudinary.uploader.upload(
            data, folder=folder, public_id=stem, overwrite=True, resource_type="image"
        )
        if "error" in result:
            raise APIError(502, "The image service refused the upload.")
        return f"cloudinary:{result['public_id']}"
    root = Path(app.config["MEDIA_ROOT"]) / folder
    root.mkdir(parents=True, exist_ok=True)
    filename = f"{stem}.{ALLOWED_TYPES[mimetype]}"
    (root / filename).write_bytes(data)
    return f"local:{folder}/{filename}"


def image_urls(ref: str | None) -> dict[str, str | None]:
    """``{url, thumbnailUrl, heroUrl}`` for a stored image (all None without one)."""
    if not ref:
        return {"url": None, "thumbnail_url": None, "hero_url": None}
    backend, _, path = ref.partition(":")
    if backend == "cloudinary" and _configure_cloudinary(current_app):
        from cloudinary import CloudinaryImage

        image = CloudinaryImage(path)
        return {
            "url": image.build_url(fetch_format="auto", quality="auto"),
            "thumbnail_url": image.build_url(fetch_format="auto", quality="auto", **THUMBNAIL),
            "hero_url": image.build_url(fetch_format="auto", quality="auto", **HERO),
        }
    if backend == "local":
        url = url_for("media.file", path=path, _external=False)
        # Local files are served as stored; sizes are the frontend's concern offline.
        return {"url": url, "thumbnail_url": url, "hero_url": url}
    return {"url": None, "thumbnail_url": None, "hero_url": None}


#: Private files (generated documents, roadmap PDFs) live outside ``MEDIA_ROOT``, which is served
#: publicly at ``/media/``: they are only ever sent by an owner-checked route.
PRIVATE_TYPES = {"application/pdf": "pdf"}
#: How long a signed Cloudinary download link handed to an owner stays valid.
PRIVATE_LINK_SECONDS = 300


def store_private_file(data: bytes, folder: str, *, mimetype: str, name_hint: str = "") -> str:
    """Store a generated file no one but its owner may read; returns its reference.

    On Cloudinary it is an *authenticated* raw asset (no public URL exists); locally it is
    written under ``PRIVATE_MEDIA_ROOT`` (never served by ``/media/``). Either way the owner
    gets it through :func:`private_file_response`, behind the plugin's ownership check.
    """
    if folder not in FOLDERS:
        raise ValueError(f"unknown folder {folder!r}")
    extension = PRIVATE_TYPES[mimetype]
    stem = f"{name_hint.lower() or 'file'}-{secrets.token_hex(8)}"
    app = current_app
    if _configure_cloudinary(app):
        import cloudinary.uploader

        result = cloudinary.uploader.upload(
            data,
            folder=folder,
            public_id=f"{stem}.{extension}",
            resource_type="raw",
            type="authenticated",
            overwrite=True,
        )
        if "error" in result:
            raise APIError(502, "The file service refused the upload.")
        return f"cloudinary-private:{result['public_id']}"
    root = Path(app.config["PRIVATE_MEDIA_ROOT"]) / folder
    root.mkdir(parents=True, exist_ok=True)
    filename = f"{stem}.{extension}"
    (root / filename).write_bytes(data)
    return f"local-private:{folder}/{filename}"


def private_file_response(ref: str, download_name: str) -> Any:
    """The stored private file for its (already checked) owner.

    Local files are streamed; Cloudinary files are a redirect to a signed link that expires
    in :data:`PRIVATE_LINK_SECONDS`. A reference that names no stored file is a 404.
    """
    import time

    from flask import redirect, send_from_directory

    backend, _, path = ref.partition(":")
    if backend == "cloudinary-private" and _configure_cloudinary(current_app):
        from cloudinary.utils import private_download_url

        url = private_download_url(
            path,
            "",
            resource_type="raw",
            type="authenticated",
            expires_at=int(time.time()) + PRIVATE_LINK_SECONDS,
            attachment=True,
        )
        return redirect(url, code=302)
    if backend == "local-private":
        folder, _, filename = path.partition("/")
        extension = filename.rsplit(".", 1)[-1]
        mimetype = next((m for m, e in PRIVATE_TYPES.items() if e == extension), None)
        root = Path(current_app.config["PRIVATE_MEDIA_ROOT"]) / folder
        if folder in FOLDERS and mimetype and (root / filename).is_file():
            response = send_from_directory(
                root, filename, mimetype=mimetype, download_name=download_name, max_age=0
            )
            response.headers.update(MEDIA_RESPONSE_HEADERS)
            response.headers["Cache-Control"] = "private, no-store"
            return response
    raise APIError(404, "The file is not available.")


def delete_private_file(ref: str) -> bool:
    """Remove a stored private file; True when one was removed.

    Called after its row was deleted (an expired session's purge). A reference that names no
    file, or one outside the private folders, removes nothing; a storage error is logged, not
    raised: the row is already gone and the next purge has nothing left to retry with.
    """
    backend, _, path = ref.partition(":")
    try:
        if backend == "cloudinary-private" and _configure_cloudinary(current_app):
            import cloudinary.uploader

            result = cloudinary.uploader.destroy(path, resource_type="raw", type="authenticated")
            return result.get("result") == "ok"
        if backend == "local-private":
            folder, _, filename = path.partition("/")
            if folder not in FOLDERS or not filename or "/" in filename or filename.startswith("."):
                return False
            file = Path(current_app.config["PRIVATE_MEDIA_ROOT"]) / folder / filename
            if file.is_file():
                file.unlink()
                return True
    except Exception:  # noqa: BLE001 - storage trouble must not undo a committed purge
        current_app.logger.warning("could not remove the private file %s", ref, exc_info=True)
    return False


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


def serve_local_file(root: str, path: str) -> Any:
    """A stored file as inert data: its image type by extension, else an opaque download.

    Files from before SVG was refused (or anything else that is not a known raster type) are
    sent as ``application/octet-stream`` attachments, never rendered by the browser.
    """
    extension = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    mimetype = CONTENT_TYPES_BY_EXTENSION.get(extension)
    response = send_from_directory(
        root,
        path,
        max_age=86400,
        mimetype=mimetype or "application/octet-stream",
        as_attachment=mimetype is None,
    )
    response.headers.update(MEDIA_RESPONSE_HEADERS)
    return response


def register(app: Flask) -> None:
    from flask import Blueprint

    bp = Blueprint("media", __name__)

    @bp.route("/media/<path:path>")
    def file(path: str) -> Any:
        return serve_local_file(app.config["MEDIA_ROOT"], path)

    app.register_blueprint(bp)
