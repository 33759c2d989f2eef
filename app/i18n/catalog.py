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
    # --- meetings ---
    "meetings.body_required": {
        "vi": "Cuộc họp của Thường trực, Ban hoặc Tổ phải chọn đúng Thường trực/Ban/Tổ đó.",
        "en": "A standing-committee, committee or group meeting needs its body.",
    },
    "meetings.body_not_allowed": {
        "vi": "Kỳ họp HĐND mời toàn thể đại biểu, không gắn với Ban/Tổ.",
        "en": "A council session invites all delegates; it has no body.",
    },
    "meetings.invalid_transition": {
        "vi": "Không thể chuyển cuộc họp từ trạng thái “{current}” sang “{wanted}”.",
        "en": "A meeting cannot go from “{current}” to “{wanted}”.",
    },
    "meetings.archived": {
        "vi": "Cuộc họp đã lưu trữ, không sửa được nữa.",
        "en": "The meeting is archived and can no longer change.",
    },
    "meetings.guest_of_other_council": {
        "vi": "Chỉ mời được người thuộc Hội đồng này.",
        "en": "Only people of this council can be invited.",
    },
    "kind.regular_session": {"vi": "Kỳ họp thường lệ", "en": "Regular session"},
    "kind.special_session": {"vi": "Kỳ họp chuyên đề/bất thường", "en": "Special session"},
    "kind.standing_committee": {
        "vi": "Phiên họp Thường trực HĐND",
        "en": "Standing committee meeting",
    },
    "kind.committee": {"vi": "Họp Ban", "en": "Committee meeting"},
    "kind.delegate_group": {"vi": "Họp Tổ đại biểu", "en": "Delegate group meeting"},
    "status.draft": {"vi": "Dự thảo", "en": "Draft"},
    "status.convened": {"vi": "Đã triệu tập", "en": "Convened"},
    "status.in_progress": {"vi": "Đang họp", "en": "In progress"},
    "status.closed": {"vi": "Đã bế mạc", "en": "Closed"},
    "status.archived": {"vi": "Đã lưu trữ", "en": "Archived"},
    # --- documents ---
    "documents.secret_refused": {
        "vi": "Tài liệu mật (Mật, Tối mật, Tuyệt mật) không được lưu trên hệ thống kết nối "
        "mạng (Luật Bảo vệ bí mật nhà nước). Hãy phát bản giấy và ghi vào sổ tài liệu mật.",
        "en": "State-secret documents may not be stored on a connected system. Hand out paper "
        "copies and record them in the paper register.",
    },
    "documents.secrecy_mark_found": {
        "vi": "Trang đầu của tệp có dấu độ mật “{mark}”: tệp không được tải lên. Nếu đây là "
        "nhận nhầm, người có thẩm quyền có thể tải lại kèm lý do.",
        "en": "Page 1 carries the secrecy mark “{mark}”: the file was refused. If this is a "
        "false alarm, an authorised person may upload it with a stated reason.",
    },
    "documents.not_pdf": {"vi": "Tệp không phải là PDF.", "en": "The file is not a PDF."},
    "documents.encrypted": {
        "vi": "Tệp PDF đang đặt mật khẩu/mã hóa; hãy gỡ mã hóa rồi tải lại.",
        "en": "The PDF is encrypted; remove the protection and upload it again.",
    },
    "documents.damaged": {
        "vi": "Tệp PDF bị hỏng hoặc chưa tải đủ.",
        "en": "The PDF is damaged or incomplete.",
    },
    "documents.empty": {"vi": "Tệp rỗng.", "en": "The file is empty."},
    "documents.too_many_pages": {
        "vi": "Tệp PDF có quá nhiều trang.",
        "en": "The PDF has too many pages.",
    },
    "documents.missing_file": {"vi": "Chưa chọn tệp để tải lên.", "en": "No file was sent."},
    "documents.malformed_upload": {
        "vi": "Dữ liệu tải lên không đúng định dạng.",
        "en": "The upload is malformed.",
    },
    "documents.invalid_filename": {
        "vi": "Tên tệp không hợp lệ (không được chứa đường dẫn hay ký tự điều khiển).",
        "en": "Invalid file name (no paths or control characters).",
    },
    "documents.file_too_large": {
        "vi": "Tệp vượt quá dung lượng cho phép.",
        "en": "The file is larger than allowed.",
    },
    "documents.invalid_audience": {
        "vi": "Đối tượng được xem tài liệu (hoặc mục chương trình) không hợp lệ; tài liệu hạn "
        "chế phải nêu rõ Ban/Tổ hoặc người được xem.",
        "en": "Invalid audience or agenda item; a restricted document must name its audience.",
    },
    "documents.range_not_satisfiable": {
        "vi": "Đoạn dữ liệu yêu cầu nằm ngoài tệp.",
        "en": "Requested range not satisfiable.",
    },
    "documents.secret_placeholder": {"vi": "Tài liệu mật", "en": "Secret document"},
    "documents.paper_notice": {
        "vi": "Tài liệu mật — phát bản giấy tại kỳ họp",
        "en": "Secret document — paper copy handed out at the meeting",
    },
    "classification.public": {"vi": "Công khai", "en": "Public"},
    "classification.internal": {"vi": "Nội bộ", "en": "Internal"},
    "classification.restricted": {"vi": "Hạn chế", "en": "Restricted"},
    "secrecy.mat": {"vi": "Mật", "en": "Confidential (Mật)"},
    "secrecy.toi_mat": {"vi": "Tối mật", "en": "Secret (Tối mật)"},
    "secrecy.tuyet_mat": {"vi": "Tuyệt mật", "en": "Top secret (Tuyệt mật)"},
    "doctype.invitation": {"vi": "Giấy mời", "en": "Invitation"},
    "doctype.programme": {"vi": "Chương trình", "en": "Programme"},
    "doctype.proposal": {"vi": "Tờ trình", "en": "Proposal"},
    "doctype.report": {"vi": "Báo cáo", "en": "Report"},
    "doctype.review_report": {"vi": "Báo cáo thẩm tra", "en": "Review report"},
    "doctype.draft_resolution": {"vi": "Dự thảo nghị quyết", "en": "Draft resolution"},
    "doctype.resolution": {"vi": "Nghị quyết", "en": "Resolution"},
    "doctype.minutes": {"vi": "Biên bản", "en": "Minutes"},
    "doctype.other": {"vi": "Tài liệu khác", "en": "Other"},
    "badge.new": {"vi": "mới", "en": "new"},
    "badge.updated": {"vi": "đã cập nhật", "en": "updated"},
    "badge.seen": {"vi": "đã xem", "en": "read"},
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
    "audit.meeting.created": {"vi": "Tạo cuộc họp", "en": "Meeting created"},
    "audit.meeting.updated": {"vi": "Sửa cuộc họp", "en": "Meeting updated"},
    "audit.meeting.status_changed": {"vi": "Chuyển trạng thái cuộc họp", "en": "Meeting status"},
    "audit.meeting.agenda_changed": {"vi": "Sửa chương trình", "en": "Agenda changed"},
    "audit.meeting.guest_added": {"vi": "Mời khách", "en": "Guest invited"},
    "audit.document.uploaded": {"vi": "Tải lên tài liệu", "en": "Document uploaded"},
    "audit.document.replaced": {"vi": "Thay tài liệu (phiên bản mới)", "en": "New version"},
    "audit.document.opened": {"vi": "Mở tài liệu", "en": "Document opened"},
    "audit.document.secrecy_override": {
        "vi": "Bỏ qua cảnh báo độ mật",
        "en": "Secrecy mark overridden",
    },
    "audit.paper_document.registered": {"vi": "Vào sổ tài liệu mật", "en": "Paper copy registered"},
    "audit.paper_document.updated": {"vi": "Sửa sổ tài liệu mật", "en": "Paper register updated"},
}
