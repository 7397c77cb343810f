"""Upload forms parsed in memory; only types the mask engine handles are accepted."""

from __future__ import annotations

import io
import zipfile

import pytest

from portal import upload

BOUNDARY = "----x4watchboundary"


def multipart(parts: list[tuple[str, str | None, bytes]]) -> tuple[bytes, str]:
    body = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        body += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode(), f"multipart/form-data; boundary={BOUNDARY}"


def test_a_form_with_one_file_is_read_whole_binary_included() -> None:
    data = bytes(range(256)) * 40 + b"\r\n--not-the-boundary\r\n"
    body, kind = multipart([("csrf", None, b"abc"), ("file", "C:\\docs\\รายชื่อ.pdf", data)])
    form = upload.parse_form(body, kind)
    assert form.fields == {"csrf": "abc"} and form.file_name == "รายชื่อ.pdf" and form.file_data == data


@pytest.mark.parametrize(
    "parts",
    [
        [("csrf", None, b"abc")],
        [("file", "a.pdf", b"one"), ("file", "b.pdf", b"two")],
        [("file", "a.pdf", b"")],
    ],
    ids=["no file", "two files", "empty file"],
)
def test_a_form_without_exactly_one_file_is_refused(parts: list[tuple[str, str | None, bytes]]) -> None:
    body, kind = multipart(parts)
    with pytest.raises(upload.UploadError) as refused:
        upload.parse_form(body, kind)
    assert refused.value.status == 400


def test_not_multipart_or_garbage_is_refused() -> None:
    with pytest.raises(upload.UploadError):
        upload.parse_form(b"a=b", "application/x-www-form-urlencoded")
    with pytest.raises(upload.UploadError):
        upload.parse_form(b"--nope\r\n\x00\x01", f"multipart/form-data; boundary={BOUNDARY}")


def test_only_types_the_mask_engine_handles_pass() -> None:
    assert upload.check_type(b"%PDF-1.7\n...", "x.pdf") == "application/pdf"
    assert upload.check_type("ลำดับ,ชื่อ\n1,สมชาย\n".encode(), "list.csv") == "text/csv"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "hello")
    for data, name in ((archive.getvalue(), "a.zip"), (b"MZ\x90\x00" + bytes(200), "x.exe")):
        with pytest.raises(upload.UploadError) as refused:
            upload.check_type(data, name)
        assert refused.value.status == 415
