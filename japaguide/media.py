"""Image storage: Cloudinary when ``CLOUDINARY_URL`` is set, local files otherwise.

Images are uploaded by editors only; the API never fetches a URL a client gives it. A stored
image is a reference string (``cloudinary:<public_id>`` or ``local:<folder>/<file>``) kept on
the model; :func:`image_urls` turns it into the same response fields for either backend.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, BinaryIO

from flask import Flask, current_app, send_from_directory, url_for

from japaguide.errors import APIError

#: The brief's Cloudinary folders.
FOLDERS = frozenset({"flags", "country_heroes", "avatars", "story_covers", "roadmap_pdfs"})
ALLOWED_TYPES = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "image/svg+xml": "svg",
}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
THUMBNAIL = {"width": 160, "height": 160, "crop": "fill"}
HERO = {"width": 1600, "height": 900, "crop": "fill"}


def _sniff(data: bytes) -> str | None:
    """Trust the bytes, not the client's content type."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if b"<svg" in data[:512]:
        return "image/svg+xml"
    return None


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


def store_image(stream: BinaryIO, folder: str, *, name_hint: str = "") -> str:
    """Store an uploaded image in ``folder``; returns its reference."""
    if folder not in FOLDERS:
        raise ValueError(f"unknown image folder {folder!r}")
    data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise APIError(413, "Images must be at most 5 MB.")
    mimetype = _sniff(data)
    if mimetype is None:
        raise APIError(
            400,
            "The file is not a PNG, JPEG, WebP or SVG image.",
            fields={"file": ["Unsupported image type."]},
        )
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


def register(app: Flask) -> None:
    from flask import Blueprint

    bp = Blueprint("media", __name__)

    @bp.route("/media/<path:path>")
    def file(path: str) -> Any:
        return send_from_directory(app.config["MEDIA_ROOT"], path, max_age=86400)

    app.register_blueprint(bp)
