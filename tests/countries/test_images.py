"""Country images through the media service: local files by default, Cloudinary when set."""

import io

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)


@pytest.fixture
def admin_headers(make_user):
    return make_user("admin@example.com", is_admin=True)[1]


def upload(client, headers, **files):
    data = {kind: (io.BytesIO(content), f"{kind}.png") for kind, content in files.items()}
    return client.post(
        "/api/v1/admin/countries/CAN/images/",
        data=data,
        headers=headers,
        content_type="multipart/form-data",
    )


def test_local_storage_serves_uploaded_flag(client, seeded, admin_headers):
    response = upload(client, admin_headers, flag=PNG)
    assert response.status_code == 200, response.get_data(as_text=True)
    flag = response.get_json()["flag"]
    assert flag["url"].startswith("/media/flags/can-")
    assert client.get(flag["url"]).data == PNG
    listed = client.get("/api/v1/countries/").get_json()["results"]
    assert next(c for c in listed if c["code"] == "CAN")["flag"]["url"] == flag["url"]


def test_non_image_is_rejected(client, seeded, admin_headers):
    response = upload(client, admin_headers, flag=b"<?php evil(); ?>")
    assert response.status_code == 422  # a binary part, as documented, whose bytes are no image


def test_upload_needs_admin(client, seeded, make_user):
    assert upload(client, {}, flag=PNG).status_code == 401
    _, headers = make_user("user@example.com")
    assert upload(client, headers, flag=PNG).status_code == 403


def test_cloudinary_path_with_real_sdk(app, client, seeded, admin_headers):
    from tests.fakes.cloudinary_server import FakeCloudinary

    with FakeCloudinary() as fake:
        app.config["CLOUDINARY_URL"] = (
            f"cloudinary://key:secret@demo?upload_prefix=http://127.0.0.1:{fake.port}"
        )
        try:
            response = upload(client, admin_headers, flag=PNG, hero=PNG)
        finally:
            import cloudinary

            app.config["CLOUDINARY_URL"] = None
            cloudinary.reset_config()
        assert response.status_code == 200, response.get_data(as_text=True)
        assert len(fake.uploads) == 2
        assert fake.uploads[0]["path"] == "/v1_1/demo/image/upload"
    body = response.get_json()
    assert "res.cloudinary.com/demo/image/upload" in body["flag"]["url"]
    assert "c_fill,f_auto,h_160,q_auto,w_160" in body["flag"]["thumbnailUrl"]
    assert "f_auto" in body["hero"]["heroUrl"] and "w_1600" in body["hero"]["heroUrl"]


def test_svg_is_refused_even_when_named_png(client, seeded, admin_headers):
    response = upload(client, admin_headers, flag=SVG)
    assert response.status_code == 422
    body = response.get_json()
    assert "SVG" in body["detail"]
    assert body["errors"] == {"flag": ["SVG is not accepted."]}


def test_oversized_image_is_refused(app, client, seeded, admin_headers):
    app.config["MEDIA_MAX_IMAGE_BYTES"] = 1024
    response = upload(client, admin_headers, hero=PNG + b"\x00" * 2048)
    assert response.status_code == 413
    assert "at most" in response.get_json()["detail"]


def test_type_comes_from_the_bytes_not_the_file_name(client, seeded, admin_headers):
    data = {"flag": (io.BytesIO(PNG), "flag.html", "text/html")}
    response = client.post(
        "/api/v1/admin/countries/CAN/images/",
        data=data,
        headers=admin_headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert response.get_json()["flag"]["url"].endswith(".png")


def test_local_media_is_served_inert(client, seeded, admin_headers):
    url = upload(client, admin_headers, flag=PNG).get_json()["flag"]["url"]
    served = client.get(url)
    assert served.mimetype == "image/png"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_stored_non_image_file_is_only_ever_a_download(app, client):
    """E.g. an SVG stored before SVG was refused: never rendered by the browser."""
    from pathlib import Path

    folder = Path(app.config["MEDIA_ROOT"]) / "flags"
    folder.mkdir(parents=True)
    (folder / "old.svg").write_bytes(SVG)
    served = client.get("/media/flags/old.svg")
    assert served.status_code == 200
    assert served.mimetype == "application/octet-stream"
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
