from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEvent
from app.directory.models import BodyMembership, Clearance, Role, User
from tests.factories import directory as f


def _post(
    client: TestClient,
    headers: dict[str, str],
    council_id: int,
    name: str,
    content: bytes,
    mime: str = "text/csv",
):
    return client.post(
        f"/api/councils/{council_id}/users/import",
        headers=headers,
        files={"file": (name, content, mime)},
    )


def _users(db: Session, council_id: int) -> int:
    db.expire_all()
    return db.scalar(select(func.count(User.id)).where(User.council_id == council_id)) or 0


def test_csv_with_vietnamese_headers_bom_and_semicolons(client: TestClient, db: Session) -> None:
    council = f.council(db)
    law = f.body(db, council=council, name="Ban Pháp chế")
    group = f.body(db, council=council, name="Tổ đại biểu số 1")
    headers = f.login(client, f.user(db, council=council, role=Role.clerk))
    sheet = (
        "Họ và tên;Tên đăng nhập;Chức vụ;Vai trò;Mức tiếp cận;Email;Ban, Tổ\n"
        "Nguyễn Văn Bảo;bao.nv;Trưởng Ban Pháp chế;Đại biểu;Hạn chế;bao@xa.vn;"
        '"ban phap che; To dai bieu so 1"\n'
        "Trần Thị Cúc;cuc.tt;Đại biểu;;;;\n"
        ";;;;;;\n"
        "Lê Khách;khach.le;Phóng viên;Khách mời;Công khai;;\n"
    ).encode("utf-8-sig")
    response = _post(client, headers, council.id, "danh-sach.csv", sheet)
    assert response.status_code == 201, response.text
    assert response.json()["created"] == 3
    db.expire_all()
    bao = db.scalar(select(User).where(User.username == "bao.nv"))
    assert (bao.full_name, bao.role, bao.clearance, bao.email) == (
        "Nguyễn Văn Bảo",
        Role.delegate,
        Clearance.restricted,
        "bao@xa.vn",
    )
    cuc = db.scalar(select(User).where(User.username == "cuc.tt"))
    assert (cuc.role, cuc.clearance) == (Role.delegate, Clearance.internal)
    guest = db.scalar(select(User).where(User.username == "khach.le"))
    assert (guest.role, guest.clearance) == (Role.guest, Clearance.public)
    memberships = set(db.execute(select(BodyMembership.body_id, BodyMembership.user_id)).all())
    assert memberships == {(law.id, bao.id), (group.id, bao.id)}


def test_xlsx_import(client: TestClient, db: Session) -> None:
    council = f.council(db)
    headers = f.login(client, f.user(db, council=council, role=Role.clerk))
    book = Workbook()
    sheet = book.active
    sheet.append(["username", "full_name", "role", "clearance", "phone"])
    for n in range(1, 31):
        sheet.append(
            [f"daibieu{n:02d}", f"Đại Biểu Số {n}", "delegate", "internal", f"09120000{n:02d}"]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    response = _post(
        client,
        headers,
        council.id,
        "ds.xlsx",
        buffer.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    assert response.status_code == 201, response.text
    assert _users(db, council.id) == 31
    assert db.scalar(select(User.phone).where(User.username == "daibieu07")) == "0912000007"


def test_bad_rows_are_all_reported_and_nothing_is_imported(client: TestClient, db: Session) -> None:
    council = f.council(db)
    f.user(db, council=council, username="da.co")
    headers = f.login(client, f.user(db, council=council, role=Role.clerk))
    before_users = _users(db, council.id)
    before_audit = db.scalar(select(func.count()).select_from(AuditEvent))
    sheet = (
        "ho_va_ten,ten_dang_nhap,vai_tro,muc_tiep_can,email,ban_to\n"
        "Hợp Lệ Một,hop.le1,dai_bieu,noi_bo,,\n"  # 2: fine
        ",thieu.ten,dai_bieu,noi_bo,,\n"  # 3: no name
        "Sai Vai Trò,sai.vt,thu_tuong,noi_bo,,\n"  # 4: unknown role
        "Sai Mức,sai.muc,dai_bieu,tuyet_mat,,\n"  # 5: secret is no clearance
        "Trùng,da.co,dai_bieu,noi_bo,,\n"  # 6: exists already
        "Lặp A,lap,dai_bieu,noi_bo,,\n"  # 7: repeated in file
        "Lặp B,lap,dai_bieu,noi_bo,,\n"  # 8: repeated in file
        "Thư Sai,thu.sai,dai_bieu,noi_bo,khong-phai-email,\n"  # 9: bad email
        "Ban Lạ,ban.la,dai_bieu,noi_bo,,Ban Không Có\n"  # 10: unknown body
        "Quản Trị,quan.tri,admin,noi_bo,,\n"  # 11: role not allowed / unknown
        "Tên Xấu,../etc,dai_bieu,noi_bo,,\n"  # 12: bad username
    ).encode()
    response = _post(client, headers, council.id, "ds.csv", sheet)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "import_invalid"
    assert error["message"].startswith("Tệp danh sách có lỗi; chưa dòng nào được nhập")
    rows = {d["row"]: d["message"] for d in error["details"]}
    assert sorted(rows) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "Họ và tên" in rows[3]
    assert "thu_tuong" in rows[4]
    assert "tuyet_mat" in rows[5]
    assert "đã tồn tại" in rows[6]
    assert "lặp lại" in rows[7] and "lặp lại" in rows[8]
    assert "Thư điện tử" in rows[9]
    assert "Ban Không Có" in rows[10]
    assert "Tên đăng nhập" in rows[12]
    assert _users(db, council.id) == before_users
    assert db.scalar(select(func.count()).select_from(AuditEvent)) == before_audit


def test_unreadable_files(client: TestClient, db: Session) -> None:
    council = f.council(db)
    headers = f.login(client, f.user(db, council=council, role=Role.clerk))
    cases = [
        ("ds.csv", b""),  # empty
        ("ds.csv", b"\xff\xfe\x00b\x00a\x00d"),  # not UTF-8
        ("ds.xlsx", b"PK\x03\x04 definitely not a workbook"),
        ("ds.csv", b"ten,khac\nA,B\n"),  # required columns missing
        ("ds.csv", "họ và tên,tên đăng nhập\n".encode()),  # header only
    ]
    for name, content in cases:
        response = _post(client, headers, council.id, name, content)
        assert response.status_code == 422, (name, content, response.text)
        assert response.json()["error"]["code"] in ("import_unreadable", "import_invalid")
        assert response.json()["error"]["message"]
    assert _users(db, council.id) == 1


def test_import_over_the_size_limit_is_413(client: TestClient, db: Session) -> None:
    council = f.council(db)
    headers = f.login(client, f.user(db, council=council, role=Role.clerk))
    big = b"ho_va_ten,ten_dang_nhap\n" + b"A,b\n" * (6 * 1024 * 1024 // 4)
    assert _post(client, headers, council.id, "ds.csv", big).status_code == 413
    assert _users(db, council.id) == 1
