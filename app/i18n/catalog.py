"""Every user-facing text, keyed; "vi" is required, "en" is the second language."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- product ---
    "app.name": {"vi": "Kỳ Họp Số", "en": "Kỳ Họp Số"},
    "nav.label": {"vi": "Tài khoản", "en": "Account"},
    "nav.logout": {"vi": "Đăng xuất", "en": "Log out"},
    "action.create": {"vi": "Tạo mới", "en": "Create"},
    "action.save": {"vi": "Lưu thay đổi", "en": "Save changes"},
    # --- errors ---
    "error.generic": {"vi": "Yêu cầu không thực hiện được.", "en": "The request failed."},
    "error.not_found": {"vi": "Không tìm thấy.", "en": "Not found."},
    "error.forbidden": {
        "vi": "Bạn không có quyền thực hiện thao tác này.",
        "en": "You are not allowed to do this.",
    },
    "error.not_authenticated": {
        "vi": "Vui lòng đăng nhập.",
        "en": "Please log in.",
    },
    "error.conflict": {"vi": "Dữ liệu bị trùng.", "en": "This conflicts with existing data."},
    "error.invalid_input": {"vi": "Dữ liệu không hợp lệ.", "en": "Invalid input."},
    "error.validation": {
        "vi": "Dữ liệu gửi lên không hợp lệ, vui lòng kiểm tra lại.",
        "en": "The submitted data is invalid; please check it.",
    },
    "error.payload_too_large": {
        "vi": "Dữ liệu gửi lên vượt quá dung lượng cho phép.",
        "en": "The request body is too large.",
    },
    "error.csrf_failed": {
        "vi": "Phiên làm việc của biểu mẫu đã hết hạn, vui lòng tải lại trang và thử lại.",
        "en": "The form has expired; reload the page and try again.",
    },
    "error.too_many_requests": {
        "vi": "Quá nhiều yêu cầu, vui lòng thử lại sau.",
        "en": "Too many requests; try again later.",
    },
    "error.method_not_allowed": {
        "vi": "Phương thức không được hỗ trợ.",
        "en": "Method not allowed.",
    },
    "error.internal": {
        "vi": "Hệ thống gặp lỗi, vui lòng thử lại sau.",
        "en": "Internal error; please try again later.",
    },
    "validation.missing": {"vi": "thiếu trường bắt buộc", "en": "required field missing"},
    "validation.extra_forbidden": {
        "vi": "trường không được chấp nhận",
        "en": "unknown field",
    },
    "validation.string_too_short": {"vi": "quá ngắn", "en": "too short"},
    "validation.string_too_long": {"vi": "quá dài", "en": "too long"},
    "validation.string_pattern_mismatch": {
        "vi": "sai định dạng",
        "en": "wrong format",
    },
    "validation.enum": {
        "vi": "giá trị không nằm trong danh sách cho phép",
        "en": "not one of the allowed values",
    },
    "validation.literal_error": {
        "vi": "giá trị không nằm trong danh sách cho phép",
        "en": "not one of the allowed values",
    },
    "validation.int_parsing": {"vi": "phải là số nguyên", "en": "must be a whole number"},
    "validation.greater_than": {"vi": "giá trị quá nhỏ", "en": "value too small"},
    "validation.less_than_equal": {"vi": "giá trị quá lớn", "en": "value too large"},
    "validation.value_error": {"vi": "giá trị không hợp lệ", "en": "invalid value"},
    "validation.json_invalid": {"vi": "JSON không hợp lệ", "en": "invalid JSON"},
    "validation.invalid": {"vi": "giá trị không hợp lệ", "en": "invalid value"},
    # --- auth ---
    "auth.invalid_credentials": {
        "vi": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "en": "Wrong username or password.",
    },
    "auth.throttled": {
        "vi": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
        "en": "Too many failed logins. Try again in 15 minutes.",
    },
    "login.title": {"vi": "Đăng nhập", "en": "Log in"},
    "login.subtitle": {
        "vi": "Văn phòng HĐND&UBND, Thường trực HĐND và quản trị hệ thống",
        "en": "Council office, standing committee and administrators",
    },
    "login.submit": {"vi": "Đăng nhập", "en": "Log in"},
    # --- directory ---
    "directory.username_taken": {
        "vi": "Tên đăng nhập đã tồn tại: {username}.",
        "en": "Username already exists: {username}.",
    },
    "directory.council_name_taken": {
        "vi": "Đã có Hội đồng nhân dân mang tên này.",
        "en": "A council with this name already exists.",
    },
    "directory.body_name_taken": {
        "vi": "Hội đồng đã có Ban/Tổ mang tên này.",
        "en": "The council already has a body with this name.",
    },
    "directory.member_of_other_council": {
        "vi": "Người này không thuộc Hội đồng nhân dân của Ban/Tổ.",
        "en": "This person does not belong to the body's council.",
    },
    "directory.council_required": {
        "vi": "Tài khoản (trừ quản trị hệ thống) phải thuộc một Hội đồng nhân dân.",
        "en": "Every account except administrators belongs to a council.",
    },
    "directory.import_invalid": {
        "vi": "Tệp danh sách có lỗi; chưa dòng nào được nhập. Vui lòng sửa các dòng được nêu.",
        "en": "The sheet has errors; nothing was imported. Fix the rows listed.",
    },
    "directory.import_unreadable": {
        "vi": "Không đọc được tệp. Hãy dùng tệp CSV (UTF-8) hoặc Excel (.xlsx).",
        "en": "The file cannot be read. Use CSV (UTF-8) or Excel (.xlsx).",
    },
    "import.missing_columns": {
        "vi": "Thiếu cột bắt buộc: {columns}.",
        "en": "Required columns missing: {columns}.",
    },
    "import.bad_value": {"vi": "{column} không hợp lệ", "en": "invalid {column}"},
    "import.too_many_rows": {
        "vi": "Tệp có quá {limit} dòng.",
        "en": "The file has more than {limit} rows.",
    },
    "import.bad_role": {"vi": "vai trò không hợp lệ: “{value}”", "en": "unknown role “{value}”"},
    "import.bad_clearance": {
        "vi": "mức tiếp cận không hợp lệ: “{value}”",
        "en": "unknown clearance “{value}”",
    },
    "import.unknown_body": {
        "vi": "không có Ban/Tổ tên “{name}”",
        "en": "no committee or group named “{name}”",
    },
    "import.role_not_allowed": {
        "vi": "không được cấp vai trò “{value}”",
        "en": "role “{value}” may not be assigned",
    },
    "import.empty": {"vi": "Tệp không có dòng dữ liệu nào.", "en": "The file has no data rows."},
    "import.username_exists": {
        "vi": "tên đăng nhập “{username}” đã tồn tại",
        "en": "username “{username}” already exists",
    },
    "import.username_repeated": {
        "vi": "tên đăng nhập “{username}” lặp lại trong tệp",
        "en": "username “{username}” appears more than once",
    },
    "import.errors_title": {
        "vi": "Các dòng bị lỗi (chưa nhập dòng nào)",
        "en": "Rows with errors (nothing imported)",
    },
    "import.row": {"vi": "Dòng", "en": "Row"},
    "import.problem": {"vi": "Lỗi", "en": "Problem"},
    # --- fields ---
    "field.username": {"vi": "Tên đăng nhập", "en": "Username"},
    "field.password": {"vi": "Mật khẩu", "en": "Password"},
    "field.full_name": {"vi": "Họ và tên", "en": "Full name"},
    "field.council_id": {"vi": "Hội đồng", "en": "Council"},
    "field.role": {"vi": "Vai trò", "en": "Role"},
    "field.clearance": {"vi": "Mức tiếp cận", "en": "Clearance"},
    "field.position": {"vi": "Chức vụ", "en": "Position"},
    "field.email": {"vi": "Thư điện tử", "en": "Email"},
    "field.phone": {"vi": "Điện thoại", "en": "Phone"},
    "field.name": {"vi": "Tên", "en": "Name"},
    "field.level": {"vi": "Cấp", "en": "Level"},
    "field.term": {"vi": "Khóa, nhiệm kỳ", "en": "Term"},
    "field.total_delegates": {"vi": "Tổng số đại biểu", "en": "Delegates"},
    "field.kind": {"vi": "Loại", "en": "Kind"},
    # --- vocabulary ---
    "role.admin": {"vi": "Quản trị hệ thống", "en": "Administrator"},
    "role.clerk": {"vi": "Chuyên viên Văn phòng", "en": "Clerk"},
    "role.chair": {"vi": "Thường trực HĐND", "en": "Chair"},
    "role.delegate": {"vi": "Đại biểu HĐND", "en": "Delegate"},
    "role.guest": {"vi": "Khách mời", "en": "Guest"},
    "clearance.public": {"vi": "Công khai", "en": "Public"},
    "clearance.internal": {"vi": "Nội bộ", "en": "Internal"},
    "clearance.restricted": {"vi": "Hạn chế", "en": "Restricted"},
    "level.commune": {"vi": "Cấp xã", "en": "Commune"},
    "level.province": {"vi": "Cấp tỉnh", "en": "Province"},
    "body.standing_committee": {"vi": "Thường trực HĐND", "en": "Standing committee"},
    "body.committee": {"vi": "Ban của HĐND", "en": "Committee"},
    "body.delegate_group": {"vi": "Tổ đại biểu", "en": "Delegate group"},
    # --- pages ---
    "councils.title": {"vi": "Hội đồng nhân dân", "en": "Councils"},
    "councils.empty": {"vi": "Chưa có Hội đồng nào.", "en": "No councils yet."},
    "councils.new": {"vi": "Thêm Hội đồng nhân dân", "en": "Add a council"},
    "council.delegates_count": {"vi": "{n} đại biểu", "en": "{n} delegates"},
    "council.people": {"vi": "Đại biểu, cán bộ và khách mời", "en": "Delegates, staff and guests"},
    "council.no_people": {"vi": "Chưa có ai.", "en": "Nobody yet."},
    "council.bodies": {
        "vi": "Thường trực, các Ban và Tổ đại biểu",
        "en": "Standing committee, committees and groups",
    },
    "council.members_count": {"vi": "{n} thành viên", "en": "{n} members"},
    "council.no_bodies": {"vi": "Chưa có Ban/Tổ nào.", "en": "No bodies yet."},
    "council.add_person": {"vi": "Thêm người", "en": "Add a person"},
    "council.password_optional": {
        "vi": "không bắt buộc — đại biểu có thể vào bằng mã QR",
        "en": "optional — delegates can sign in with a QR link",
    },
    "council.import": {"vi": "Nhập danh sách từ tệp", "en": "Import from a sheet"},
    "council.import_help": {
        "vi": "Tệp CSV (UTF-8) hoặc Excel (.xlsx), dòng đầu là tên cột. Cột bắt buộc: họ và tên, "
        "tên đăng nhập. Nếu có dòng lỗi thì không dòng nào được nhập.",
        "en": "CSV (UTF-8) or Excel (.xlsx) with a header row. Required columns: full name, "
        "username. If any row is wrong, nothing is imported.",
    },
    "council.import_file": {"vi": "Tệp danh sách", "en": "Sheet"},
    "council.import_submit": {"vi": "Nhập danh sách", "en": "Import"},
    "council.add_body": {"vi": "Thêm Ban / Tổ đại biểu", "en": "Add a committee or group"},
    "council.audit": {"vi": "Nhật ký hoạt động gần đây", "en": "Recent activity"},
    "user.back": {"vi": "Về danh sách", "en": "Back to the list"},
    "user.inactive": {"vi": "đã khóa", "en": "disabled"},
    "user.active": {"vi": "Tài khoản đang hoạt động", "en": "Account active"},
    "user.new_password": {
        "vi": "Mật khẩu mới (để trống nếu không đổi)",
        "en": "New password (leave empty to keep)",
    },
    "ok.council_created": {"vi": "Đã tạo Hội đồng.", "en": "Council created."},
    "ok.user_created": {"vi": "Đã thêm người.", "en": "Person added."},
    "ok.user_updated": {"vi": "Đã lưu.", "en": "Saved."},
    "ok.body_created": {"vi": "Đã thêm Ban/Tổ.", "en": "Body added."},
    "ok.council_updated": {"vi": "Đã lưu thông tin Hội đồng.", "en": "Council saved."},
    "ok.member_added": {"vi": "Đã thêm thành viên.", "en": "Member added."},
    "ok.member_removed": {"vi": "Đã bớt thành viên.", "en": "Member removed."},
    "council.edit": {"vi": "Thông tin Hội đồng", "en": "Council details"},
    "council.add_member": {"vi": "Thêm thành viên", "en": "Add a member"},
    "council.member_position": {"vi": "Chức danh trong Ban/Tổ", "en": "Position in the body"},
    "council.remove_member": {"vi": "Bớt", "en": "Remove"},
    "ok.import_done": {"vi": "Đã nhập danh sách.", "en": "Sheet imported."},
    # --- audit ---
    "audit.time": {"vi": "Thời gian", "en": "Time"},
    "audit.actor": {"vi": "Người thực hiện", "en": "Actor"},
    "audit.action": {"vi": "Thao tác", "en": "Action"},
    "audit.object": {"vi": "Đối tượng", "en": "Object"},
    "audit.login.succeeded": {"vi": "Đăng nhập", "en": "Logged in"},
    "audit.login.failed": {"vi": "Đăng nhập sai", "en": "Failed login"},
    "audit.login.throttled": {"vi": "Chặn đăng nhập", "en": "Login throttled"},
    "audit.council.created": {"vi": "Tạo Hội đồng", "en": "Council created"},
    "audit.council.updated": {"vi": "Sửa Hội đồng", "en": "Council updated"},
    "audit.user.created": {"vi": "Tạo tài khoản", "en": "Account created"},
    "audit.user.updated": {"vi": "Sửa tài khoản", "en": "Account updated"},
    "audit.body.created": {"vi": "Tạo Ban/Tổ", "en": "Body created"},
    "audit.body.member_added": {"vi": "Thêm thành viên", "en": "Member added"},
    "audit.body.member_removed": {"vi": "Bớt thành viên", "en": "Member removed"},
}
