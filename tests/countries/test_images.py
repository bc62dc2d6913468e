"""Country images through the media service: local files by default, Cloudinary when set."""

import io

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


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
    assert response.status_code == 400


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
