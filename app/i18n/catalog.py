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
    "error.invalid_fields": {
        "vi": "Dữ liệu gửi lên không hợp lệ, hãy kiểm tra: {fields}.",
        "en": "Invalid input; please check: {fields}.",
    },
    # the fields a refusal names, as the forms label them
    "input.title": {"vi": "Tên tài liệu", "en": "Title"},
    "input.classification": {"vi": "Phân loại truy cập", "en": "Access class"},
    "input.doc_type": {"vi": "Loại văn bản", "en": "Document type"},
    "input.number": {"vi": "Số, ký hiệu", "en": "Number"},
    "input.agenda_item_id": {"vi": "Nội dung chương trình", "en": "Agenda item"},
    "input.audience": {"vi": "Gửi đến", "en": "Audience"},
    "input.secrecy_override_reason": {"vi": "Lý do xác nhận không mật", "en": "Override reason"},
    "input.starts_at": {"vi": "Thời gian", "en": "Time"},
    "input.kind": {"vi": "Loại cuộc họp", "en": "Meeting kind"},
    "input.body_id": {"vi": "Ban, Tổ", "en": "Committee or group"},
    "input.planned_minutes": {"vi": "Thời lượng (phút)", "en": "Minutes planned"},
    "input.presenter": {"vi": "Người trình bày", "en": "Presenter"},
    "input.copies": {"vi": "Số bản", "en": "Copies"},
    "input.secrecy": {"vi": "Độ mật", "en": "Secrecy"},
    "input.certificate": {"vi": "Chứng thư số", "en": "Certificate"},
    "input.signature": {"vi": "Chữ ký", "en": "Signature"},
    "input.full_name": {"vi": "Họ và tên", "en": "Full name"},
    "input.username": {"vi": "Tên đăng nhập", "en": "Username"},
    "input.email": {"vi": "Thư điện tử", "en": "E-mail"},
    "input.phone": {"vi": "Số điện thoại", "en": "Phone"},
    "input.name": {"vi": "Họ và tên", "en": "Name"},
    "input.contact": {"vi": "Liên hệ", "en": "Contact"},
    "input.content": {"vi": "Nội dung", "en": "Content"},
    "input.area": {"vi": "Địa bàn", "en": "Area"},
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
    "documents.javascript": {
        "vi": "Tệp PDF có chứa mã JavaScript nên không được nhận. Vui lòng xuất lại tệp PDF "
        "không có mã lệnh (ví dụ: in ra PDF).",
        "en": "The PDF contains JavaScript and is refused. Please export it again without "
        "scripts (e.g. print to PDF).",
    },
    "documents.secrecy_unchecked": {
        "vi": "Không kiểm tra được trang đầu của tệp xem có dấu chỉ độ mật hay không, nên tệp "
        "không được lưu. Vui lòng xuất lại tệp PDF (hoặc tách phần phụ lục quá lớn) rồi tải lên lại.",
        "en": "The first page could not be checked for a secrecy stamp, so the file was not "
        "stored. Please export the PDF again (or split off an oversized annex) and upload it again.",
    },
    "documents.too_complex": {
        "vi": "Tệp PDF quá phức tạp hoặc bất thường, không thể kiểm tra an toàn trong giới hạn "
        "cho phép. Vui lòng xuất lại tệp PDF.",
        "en": "The PDF is too complex or unusual to be checked safely within the limits. "
        "Please export it again.",
    },
    "petitions.attachment_refused": {
        "vi": "Tệp đính kèm không được nhận: chỉ nhận PDF, JPEG hoặc PNG đến 10 MB (tối đa 5 tệp), "
        "và không nhận tài liệu mật.",
        "en": "Attachment refused: only PDF, JPEG or PNG up to 10 MB (5 files at most), and "
        "no classified documents.",
    },
    "petitions.attachment": {
        "vi": "Ảnh hoặc tệp PDF kèm theo (không bắt buộc, đến 10 MB)",
        "en": "Photo or PDF (optional, up to 10 MB)",
    },
    "petitions.no_area": {"vi": "(không ghi thôn)", "en": "(no area given)"},
    "petitions.chart_area": {"vi": "Kiến nghị theo thôn, tổ dân phố", "en": "Petitions by area"},
    "petitions.chart_topic": {"vi": "Kiến nghị theo chủ đề", "en": "Petitions by topic"},
    "topics.title": {"vi": "Tổng hợp kiến nghị theo chủ đề", "en": "Petitions by topic"},
    "topics.hint": {
        "vi": "Hệ thống đề xuất nhóm theo từ ngữ của kiến nghị; Văn phòng đổi tên, gộp và chuyển kiến nghị giữa các chủ đề. Nhóm lại chỉ xếp các kiến nghị chưa có chủ đề.",
        "en": "The platform proposes groups from the petitions' words; the office renames, merges and moves. Grouping again only places petitions without a topic.",
    },
    "topics.from": {"vi": "Từ ngày", "en": "From"},
    "topics.to": {"vi": "Đến ngày", "en": "To"},
    "topics.group": {"vi": "Nhóm theo chủ đề", "en": "Group by topic"},
    "topics.show": {"vi": "Xem", "en": "Show"},
    "topics.count": {"vi": "{n} kiến nghị", "en": "{n} petitions"},
    "topics.rename": {"vi": "Đổi tên", "en": "Rename"},
    "topics.name": {"vi": "Tên chủ đề", "en": "Topic name"},
    "topics.merge_into": {"vi": "Gộp vào chủ đề", "en": "Merge into"},
    "topics.merge": {"vi": "Gộp", "en": "Merge"},
    "topics.move_to": {"vi": "Chuyển sang chủ đề", "en": "Move to topic"},
    "topics.move": {"vi": "Chuyển", "en": "Move"},
    "topics.none": {
        "vi": "Chưa có chủ đề nào trong khoảng thời gian này.",
        "en": "No topics in this period.",
    },
    "topics.no_topic": {"vi": "(không thuộc chủ đề nào)", "en": "(no topic)"},
    "ok.topics_grouped": {
        "vi": "Đã nhóm kiến nghị theo chủ đề.",
        "en": "Petitions grouped by topic.",
    },
    "ok.topic_changed": {"vi": "Đã cập nhật chủ đề.", "en": "Topic updated."},
    "audit.petition.topics_grouped": {
        "vi": "Nhóm kiến nghị theo chủ đề",
        "en": "Petitions grouped",
    },
    "audit.petition.topic_renamed": {"vi": "Đổi tên chủ đề kiến nghị", "en": "Topic renamed"},
    "audit.petition.topic_merged": {"vi": "Gộp chủ đề kiến nghị", "en": "Topics merged"},
    "audit.petition.topic_moved": {
        "vi": "Chuyển kiến nghị sang chủ đề khác",
        "en": "Petition moved",
    },
    "audit.object.petition_topic": {"vi": "Chủ đề kiến nghị", "en": "Petition topic"},
    "petitions.whole_year": {"vi": "Cả năm", "en": "Whole year"},
    "petitions.month": {"vi": "Tháng", "en": "Month"},
    "petitions.year": {"vi": "Năm", "en": "Year"},
    "petitions.show": {"vi": "Xem", "en": "Show"},
    "petitions.answer_file": {"vi": "Đính kèm văn bản trả lời", "en": "Attach the written answer"},
    "petitions.attachment_kind.evidence": {"vi": "Tệp của cử tri", "en": "Petitioner's file"},
    "petitions.attachment_kind.answer": {"vi": "Văn bản trả lời", "en": "Written answer"},
    "error.storage_unavailable": {
        "vi": "Kho lưu trữ tài liệu tạm thời không truy cập được; chưa có gì được lưu. "
        "Vui lòng thử lại sau ít phút.",
        "en": "The document store is unreachable for now; nothing was saved. Please retry shortly.",
    },
    "error.storage_full": {
        "vi": "Máy chủ đã hết dung lượng lưu trữ; tài liệu chưa được lưu. "
        "Vui lòng báo quản trị hệ thống.",
        "en": "The server has run out of storage space; the document was not saved. "
        "Please tell the system administrator.",
    },
    "error.database_unavailable": {
        "vi": "Cơ sở dữ liệu tạm thời không truy cập được; thao tác chưa được thực hiện. "
        "Vui lòng thử lại sau ít phút.",
        "en": "The database is unreachable for now; nothing was done. Please retry shortly.",
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
    "login.delegate_hint": {
        "vi": "Đại biểu: hãy quét mã QR trên thẻ của mình bằng điện thoại để mở tài liệu kỳ họp, không cần tên đăng nhập.",
        "en": "Delegates: scan the QR code on your card with your phone to open the meeting papers; no username needed.",
    },
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
    "documents.not_pdf": {
        "vi": "Tệp không phải là PDF hay văn bản Word, Excel, ODF.",
        "en": "The file is neither a PDF nor a Word, Excel or ODF document.",
    },
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
    "documents.office_too_large": {
        "vi": "Tệp văn phòng quá lớn khi giải nén (hoặc có quá nhiều đoạn văn) để chuyển sang PDF trên máy chủ; hãy lưu thành PDF rồi tải lên.",
        "en": "The office file unpacks too large (or has too many paragraphs) to convert on the server; save it as PDF and upload that.",
    },
    "documents.conversion_failed": {
        "vi": "Không chuyển được tệp văn phòng sang PDF; hãy lưu thành PDF rồi tải lại.",
        "en": "The office file could not be converted to PDF; save it as PDF and retry.",
    },
    "documents.invalid_filename": {
        "vi": "Tên tệp không hợp lệ (không được chứa đường dẫn hay ký tự điều khiển).",
        "en": "Invalid file name (no paths or control characters).",
    },
    "documents.file_too_large": {
        "vi": "Tệp vượt quá dung lượng cho phép.",
        "en": "The file is larger than allowed.",
    },
    "documents.invalid_issuer": {
        "vi": "Cơ quan ban hành phải là một Ban hoặc Thường trực của chính Hội đồng này.",
        "en": "The issuer must be a committee or the Standing Committee of this council.",
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
    "doctype.notice": {"vi": "Thông báo", "en": "Notice"},
    "doctype.plan": {"vi": "Kế hoạch", "en": "Plan"},
    "doctype.decision": {"vi": "Quyết định", "en": "Decision"},
    "doctype.official_letter": {"vi": "Công văn", "en": "Official letter"},
    "doctype.other": {"vi": "Tài liệu khác", "en": "Other"},
    "badge.new": {"vi": "mới", "en": "new"},
    "badge.updated": {"vi": "đã cập nhật", "en": "updated"},
    "badge.seen": {"vi": "đã xem", "en": "read"},
    # --- meeting pages ---
    "meeting.number": {"vi": "thứ {word}", "en": "no. {word}"},
    "meeting.session_number": {"vi": "Số thứ tự kỳ họp", "en": "Session number"},
    "meeting.session_number_hint": {
        "vi": "để trống: theo tên kỳ họp hoặc số tiếp theo ({n})",
        "en": "empty: from the title, or the next one ({n})",
    },
    "meeting.term": {"vi": "Khóa, nhiệm kỳ", "en": "Term"},
    "term.name": {
        "vi": "khóa {roman}, nhiệm kỳ {start}–{end}",
        "en": "term {roman}, {start}–{end}",
    },
    "term.title": {"vi": "Khóa, nhiệm kỳ", "en": "Terms of office"},
    "term.ordinal": {"vi": "Khóa (số thứ tự)", "en": "Term number"},
    "term.starts_on": {"vi": "Bắt đầu", "en": "Starts"},
    "term.ends_on": {"vi": "Kết thúc", "en": "Ends"},
    "term.sessions": {"vi": "Số kỳ họp", "en": "Sessions"},
    "term.add": {"vi": "Thêm khóa mới", "en": "Add a term"},
    "term.gaps": {"vi": "Chưa có kỳ họp số: {numbers}", "en": "No session numbered: {numbers}"},
    "ok.term_created": {"vi": "Đã thêm khóa, nhiệm kỳ.", "en": "Term added."},
    "audit.term.created": {"vi": "Thêm khóa, nhiệm kỳ", "en": "Term added"},
    "directory.term_exists": {
        "vi": "Hội đồng đã có khóa này.",
        "en": "The council already has this term.",
    },
    "directory.no_term": {
        "vi": "Hội đồng chưa có nhiệm kỳ: thêm nhiệm kỳ (khóa) trước.",
        "en": "The council has no term yet: add one first.",
    },
    "directory.mandate_dates": {
        "vi": "Ngày không hợp lệ: phải nằm trong nhiệm kỳ và ngày thôi sau ngày bắt đầu.",
        "en": "Invalid date: within the term, and the end after the start.",
    },
    "directory.not_a_delegate": {
        "vi": "Chỉ ghi nhận đại biểu đang hoạt động của Hội đồng này.",
        "en": "Only active delegates of this council can be recorded.",
    },
    "directory.mandate_ended": {
        "vi": "Đại biểu này đã thôi nhiệm vụ trong nhiệm kỳ.",
        "en": "This delegate has already left office in this term.",
    },
    "audit.mandate.added": {"vi": "Ghi nhận đại biểu trong nhiệm kỳ", "en": "Delegates in office"},
    "audit.mandate.ended": {"vi": "Đại biểu thôi nhiệm vụ", "en": "Delegate left office"},
    "mandate.title": {"vi": "Đại biểu trong nhiệm kỳ", "en": "Delegates in office"},
    "mandate.in_office": {
        "vi": "{term}: {n} đại biểu đương nhiệm ngày {day} (căn cứ tính tỷ lệ biểu quyết và số đại biểu tối thiểu).",
        "en": "{term}: {n} delegates in office on {day} (what thresholds and the quorum count).",
    },
    "mandate.none": {
        "vi": "Chưa ghi nhận đại biểu của nhiệm kỳ: tổng số đại biểu lấy theo số khai báo của Hội đồng.",
        "en": "No delegates recorded for the term: the council's stated number is used.",
    },
    "mandate.record_all": {
        "vi": "Ghi nhận tất cả đại biểu hiện có vào nhiệm kỳ",
        "en": "Record every current delegate in the term",
    },
    "mandate.from": {"vi": "Từ ngày", "en": "From"},
    "mandate.until": {"vi": "Đến ngày", "en": "Until"},
    "mandate.reason": {"vi": "Lý do", "en": "Reason"},
    "mandate.end": {"vi": "Thôi nhiệm vụ", "en": "Leaves office"},
    "mandate.note": {"vi": "Căn cứ (nghị quyết, quyết định…)", "en": "Decision"},
    "mandate.end_hint": {
        "vi": "Từ ngày thôi, đại biểu không còn được tính và tài khoản bị khóa.",
        "en": "From that day they no longer count and their account is locked.",
    },
    "mandate.end.resigned": {"vi": "Thôi làm nhiệm vụ đại biểu", "en": "Resigned"},
    "mandate.end.dismissed": {"vi": "Bị bãi nhiệm", "en": "Dismissed"},
    "mandate.end.deceased": {"vi": "Từ trần", "en": "Deceased"},
    "mandate.end.lost": {"vi": "Mất quyền đại biểu", "en": "Lost the mandate"},
    "directory.term_dates": {
        "vi": "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.",
        "en": "A term must end after it starts.",
    },
    "directory.term_not_found": {
        "vi": "Không có khóa, nhiệm kỳ này trong Hội đồng.",
        "en": "No such term in this council.",
    },
    "meetings.session_number_taken": {
        "vi": "Khóa này đã có kỳ họp mang số thứ tự này.",
        "en": "This term already has a session with this number.",
    },
    "meetings.number_for_sessions_only": {
        "vi": "Chỉ kỳ họp mới có số thứ tự.",
        "en": "Only sessions are numbered.",
    },
    "meeting.advance.convened": {
        "vi": "Triệu tập (gửi tài liệu cho đại biểu)",
        "en": "Convene (release the packet)",
    },
    "meeting.advance.in_progress": {"vi": "Khai mạc", "en": "Open the meeting"},
    "meeting.advance.closed": {"vi": "Bế mạc", "en": "Close the meeting"},
    "meeting.advance.archived": {"vi": "Lưu trữ", "en": "Archive"},
    "meeting.confirm.convened": {
        "vi": "Triệu tập «{title}»? Giấy mời và liên kết đọc tài liệu sẽ được gửi đến người được mời.",
        "en": "Convene «{title}»? Invitations and reading links go to everyone invited.",
    },
    "meeting.confirm.in_progress": {
        "vi": "Khai mạc «{title}»? Đại biểu bắt đầu điểm danh và biểu quyết.",
        "en": "Open «{title}»? Delegates start checking in and voting.",
    },
    "meeting.confirm.closed": {
        "vi": "Bế mạc «{title}»? Sau khi bế mạc không mở được biểu quyết mới.",
        "en": "Close «{title}»? No new vote can be opened afterwards.",
    },
    "meeting.confirm.archived": {
        "vi": "Lưu trữ «{title}»? Hồ sơ kỳ họp sẽ không sửa được nữa.",
        "en": "Archive «{title}»? Its records can no longer be changed.",
    },
    "meeting.reads_recorded": {
        "vi": "Hệ thống ghi nhận ai đã mở tài liệu nào, vào lúc nào (nhật ký truy cập). Tài liệu nội bộ và hạn chế được đóng dấu tên người đọc trên từng trang.",
        "en": "The platform records who opened which document and when. Internal and restricted documents carry the reader's name on every page.",
    },
    "meeting.packet": {"vi": "Chương trình và tài liệu", "en": "Agenda and documents"},
    "meeting.minutes": {"vi": "{n} phút", "en": "{n} min"},
    "meeting.other_documents": {"vi": "Tài liệu khác", "en": "Other documents"},
    "meeting.empty_packet": {
        "vi": "Chưa có chương trình hay tài liệu.",
        "en": "No agenda or documents yet.",
    },
    "meeting.upload": {
        "vi": "Tải lên tài liệu (PDF, Word, Excel)",
        "en": "Upload documents (PDF, Word, Excel)",
    },
    "meeting.secret_warning": {
        "vi": "Không tải lên tài liệu Mật, Tối mật, Tuyệt mật: hãy vào sổ tài liệu mật và phát bản giấy.",
        "en": "Never upload state-secret documents: register them and hand out paper copies.",
    },
    "meeting.title_field": {"vi": "Tiêu đề", "en": "Title"},
    "meeting.title_from_file": {
        "vi": "để trống: lấy theo tên tệp",
        "en": "empty: taken from the file name",
    },
    "meeting.doc_type": {"vi": "Loại văn bản", "en": "Document type"},
    "meeting.doc_number": {"vi": "Số, ký hiệu", "en": "Number"},
    "meeting.audience": {
        "vi": "Đối tượng được xem (tài liệu hạn chế)",
        "en": "Audience (restricted documents)",
    },
    "meeting.agenda_item": {"vi": "Thuộc mục chương trình", "en": "Agenda item"},
    "meeting.files": {
        "vi": "Tệp (chọn được nhiều tệp; Word/Excel được chuyển sang PDF)",
        "en": "Files (several allowed; Word/Excel become PDF)",
    },
    "meeting.drop_here": {"vi": "hoặc kéo thả tệp vào đây", "en": "or drop files here"},
    "meeting.override_reason": {
        "vi": "Lý do bỏ qua cảnh báo dấu mật (chỉ khi hệ thống nhận nhầm)",
        "en": "Reason to override a secrecy-mark warning (false alarms only)",
    },
    "meeting.upload_submit": {"vi": "Tải lên", "en": "Upload"},
    "meeting.add_item": {"vi": "Thêm mục chương trình", "en": "Add an agenda item"},
    "meeting.item_title": {"vi": "Nội dung", "en": "Item"},
    "meeting.presenter": {"vi": "Người trình bày", "en": "Presenter"},
    "meeting.planned_minutes": {"vi": "Thời gian dự kiến (phút)", "en": "Planned minutes"},
    "meeting.paper_register": {
        "vi": "Sổ tài liệu mật (bản giấy)",
        "en": "Secret documents (paper register)",
    },
    "meeting.secrecy": {"vi": "Độ mật", "en": "Secrecy"},
    "meeting.copies": {"vi": "Số bản", "en": "Copies"},
    "meeting.recipients": {"vi": "Người nhận", "en": "Recipients"},
    "meeting.register_paper": {"vi": "Vào sổ", "en": "Register"},
    "meeting.returned": {"vi": "Đã thu hồi", "en": "Returned"},
    "meeting.returned_yes": {"vi": "đã thu hồi", "en": "returned"},
    "meeting.returned_no": {
        "vi": "chưa thu hồi — đánh dấu đã thu",
        "en": "not returned — mark returned",
    },
    "meeting.invite_guest": {"vi": "Mời thêm người", "en": "Invite someone"},
    "meeting.person": {"vi": "Người được mời", "en": "Person"},
    "meeting.invite": {"vi": "Mời", "en": "Invite"},
    "meeting.read_status": {"vi": "Tình hình xem tài liệu", "en": "Who has read the packet"},
    "meeting.invitee": {"vi": "Người được mời", "en": "Invitee"},
    "meeting.seen": {"vi": "đã xem", "en": "read"},
    "meeting.not_seen": {"vi": "chưa xem", "en": "not read"},
    "meeting.no_invitees": {"vi": "Chưa có người được mời.", "en": "No invitees yet."},
    "meeting.pages": {"vi": "{n} trang", "en": "{n} pages"},
    "meeting.version": {"vi": "phiên bản {n}", "en": "version {n}"},
    "meeting.replace": {"vi": "Thay bằng bản mới:", "en": "Replace with:"},
    "meeting.replace_submit": {"vi": "Thay bản mới", "en": "Replace"},
    "meeting.when": {"vi": "Thời gian", "en": "When"},
    "meeting.status": {"vi": "Trạng thái", "en": "Status"},
    "meeting.body": {
        "vi": "Thường trực / Ban / Tổ (họp riêng)",
        "en": "Body (for its own meetings)",
    },
    "meeting.location": {"vi": "Địa điểm", "en": "Location"},
    "council.meetings": {"vi": "Kỳ họp và cuộc họp", "en": "Sessions and meetings"},
    "council.no_meetings": {"vi": "Chưa có cuộc họp nào.", "en": "No meetings yet."},
    "council.new_meeting": {"vi": "Tạo kỳ họp / cuộc họp", "en": "New meeting"},
    "ok.meeting_created": {"vi": "Đã tạo cuộc họp.", "en": "Meeting created."},
    "ok.status_changed": {"vi": "Đã chuyển trạng thái.", "en": "Status changed."},
    "ok.agenda_added": {"vi": "Đã thêm mục chương trình.", "en": "Agenda item added."},
    "ok.guest_added": {"vi": "Đã mời.", "en": "Invited."},
    "ok.paper_registered": {"vi": "Đã vào sổ tài liệu mật.", "en": "Registered."},
    "ok.paper_updated": {"vi": "Đã cập nhật sổ tài liệu mật.", "en": "Register updated."},
    "ok.document_uploaded": {"vi": "Đã tải lên tài liệu.", "en": "Document uploaded."},
    # --- access links ---
    "access.link_invalid": {
        "vi": "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi. Vui lòng liên hệ Văn phòng HĐND&UBND để được cấp mã mới.",
        "en": "This access link is invalid, expired or revoked. Ask the council office for a new one.",
    },
    "access.pin_locked": {
        "vi": "Đường dẫn này đã bị khóa vì mã PIN bị nhập sai nhiều lần. Vui lòng liên hệ Văn phòng HĐND để mở khóa hoặc cấp mã QR mới.",
        "en": "This link is locked after too many wrong PINs. Ask the council office to unlock it or issue a new QR code.",
    },
    "access.throttled": {
        "vi": "Quá nhiều lần thử mã truy cập sai. Vui lòng thử lại sau.",
        "en": "Too many invalid access links tried. Try again later.",
    },
    "access.expiry_in_past": {
        "vi": "Thời hạn của mã truy cập phải ở tương lai.",
        "en": "The expiry must be in the future.",
    },
    "access.card_hint": {
        "vi": "Quét mã bằng camera điện thoại để mở tài liệu kỳ họp",
        "en": "Scan with your phone camera to open the meeting's documents",
    },
    # --- reader ---
    "reader.text_size": {"vi": "Cỡ chữ", "en": "Text size"},
    "reader.smaller": {"vi": "Chữ nhỏ hơn", "en": "Smaller text"},
    "reader.larger": {"vi": "Chữ to hơn", "en": "Larger text"},
    "reader.my_meetings": {"vi": "Kỳ họp của tôi", "en": "My meetings"},
    "reader.no_meetings": {
        "vi": "Chưa có kỳ họp nào được triệu tập.",
        "en": "No convened meetings yet.",
    },
    "reader.reads_recorded": {
        "vi": "Hệ thống ghi nhận việc mở tài liệu để Văn phòng biết đại biểu đã xem; tài liệu nội bộ mang tên người đọc trên từng trang.",
        "en": "Opening a document is recorded so the office knows you have read it; internal documents carry your name on every page.",
    },
    "reader.back_to_meeting": {"vi": "Chương trình kỳ họp", "en": "Meeting agenda"},
    "reader.tools": {"vi": "Công cụ đọc", "en": "Reading tools"},
    "reader.pages": {"vi": "Các trang", "en": "Pages"},
    "reader.zoom_out": {"vi": "Thu nhỏ", "en": "Zoom out"},
    "reader.zoom_in": {"vi": "Phóng to", "en": "Zoom in"},
    "reader.page": {"vi": "Trang", "en": "Page"},
    "reader.search": {"vi": "Tìm trong tài liệu", "en": "Search the document"},
    "reader.loading": {"vi": "Đang tải tài liệu…", "en": "Loading the document…"},
    "reader.first_look": {
        "vi": "Trang {page} của tài liệu (ảnh xem trước, đang tải bản đầy đủ)",
        "en": "Page {page} of the document (a preview while the full copy loads)",
    },
    "reader.text_mode": {"vi": "Đọc chữ", "en": "Text"},
    "reader.previous_page": {"vi": "Trang trước", "en": "Previous"},
    "reader.next_page": {"vi": "Trang sau", "en": "Next"},
    "reader.no_text": {
        "vi": "Trang này không có chữ để hiển thị (có thể là ảnh chụp).",
        "en": "This page has no text to show (it may be a scan).",
    },
    "reader.not_found": {
        "vi": "Không tìm thấy trong tài liệu.",
        "en": "Not found in the document.",
    },
    # --- access pages ---
    "user.access_links": {"vi": "Mã QR truy cập", "en": "QR access links"},
    "user.link_once": {
        "vi": "Mã chỉ hiển thị một lần: hãy in hoặc gửi ngay cho đại biểu. Hệ thống chỉ lưu dấu băm của mã.",
        "en": "Shown once: print or send it now. Only a hash of it is stored.",
    },
    "user.download_png": {"vi": "Tải ảnh mã QR (PNG)", "en": "Download the QR code (PNG)"},
    "user.link_meeting": {"vi": "Dùng cho", "en": "For"},
    "user.link_all_meetings": {
        "vi": "mọi kỳ họp được mời",
        "en": "every meeting they are invited to",
    },
    "user.issue_link": {"vi": "Cấp mã QR mới", "en": "Issue a new QR link"},
    "user.link_issued": {"vi": "Cấp lúc", "en": "Issued"},
    "user.link_used": {"vi": "Dùng lần cuối", "en": "Last used"},
    "user.revoke": {"vi": "Thu hồi", "en": "Revoke"},
    "user.revoked": {"vi": "đã thu hồi", "en": "revoked"},
    "user.link_locked": {"vi": "bị khóa (sai PIN)", "en": "locked (wrong PINs)"},
    "user.unlock": {"vi": "Mở khóa", "en": "Unlock"},
    "ok.link_unlocked": {
        "vi": "Đã mở khóa đường dẫn: thiết bị mới lại được nhập mã PIN.",
        "en": "Link unlocked: new devices may enter the PIN again.",
    },
    "ok.link_revoked": {
        "vi": "Đã thu hồi mã; các thiết bị đã dùng mã này bị đăng xuất.",
        "en": "Link revoked; its devices are signed out.",
    },
    "meeting.print_qr": {
        "vi": "In thẻ QR cho người được mời",
        "en": "Print QR cards for the invitees",
    },
    "meeting.print_qr_hint": {
        "vi": "Mã chỉ hiện một lần nên mỗi lần in là một bộ thẻ mới; thẻ in trước vẫn dùng được "
        "cho đến khi thu hồi trên trang của từng người. Hãy lưu tệp PDF ngay khi in.",
        "en": "Codes are shown once, so each print is a new set of cards; earlier cards keep "
        "working until revoked on each person's page. Save the PDF when you print.",
    },
    "reader.notes": {"vi": "Ghi chú", "en": "Notes"},
    "reader.my_note": {"vi": "Ghi chú riêng của tôi — trang", "en": "My private note — page"},
    "reader.save_note": {"vi": "Lưu ghi chú", "en": "Save note"},
    "reader.note_saved": {"vi": "Đã lưu.", "en": "Saved."},
    "reader.note_offline": {
        "vi": "Chưa lưu: không có mạng. Nội dung vẫn còn đây, hãy lưu lại khi có mạng.",
        "en": "Not saved: no network. The text is still here; save again once connected.",
    },
    "reader.offline_notice": {
        "vi": "Không có mạng: trang đang hiện là bản đã tải trước đó. Ghi chú, điểm danh và "
        "biểu quyết chỉ gửi được khi có mạng trở lại.",
        "en": "No network: what is shown was loaded earlier. Notes, check-in and votes are "
        "sent only once the network is back.",
    },
    "reader.download_offline": {
        "vi": "Tải về để đọc khi không có mạng",
        "en": "Download to read offline",
    },
    "reader.offline_ready": {
        "vi": "Đã tải xong: đọc được cả khi không có mạng.",
        "en": "Downloaded: readable without a network.",
    },
    "access.pin_required": {
        "vi": "Thiết bị mới: vui lòng nhập mã PIN của bạn.",
        "en": "New device: enter your PIN.",
    },
    "access.wrong_pin": {"vi": "Mã PIN không đúng.", "en": "Wrong PIN."},
    "access.pin_format": {"vi": "Mã PIN gồm 4 đến 8 chữ số.", "en": "A PIN has 4 to 8 digits."},
    "reader.pin_title": {"vi": "Nhập mã PIN", "en": "Enter your PIN"},
    "reader.pin_help": {
        "vi": "Mã QR của bạn đã được bảo vệ bằng mã PIN. Nhập mã PIN để đọc tài liệu trên thiết bị này.",
        "en": "Your QR link is protected by a PIN. Enter it to read on this device.",
    },
    "reader.pin": {"vi": "Mã PIN", "en": "PIN"},
    "reader.pin_submit": {"vi": "Mở tài liệu", "en": "Open"},
    "reader.pin_offer": {
        "vi": "Đặt mã PIN (4–8 chữ số) để người khác không dùng được mã QR của bạn trên máy khác",
        "en": "Set a PIN (4–8 digits) so nobody else can use your QR code on another device",
    },
    "reader.pin_save": {"vi": "Đặt mã PIN", "en": "Set PIN"},
    "reader.pin_set": {
        "vi": "Đã đặt mã PIN. Khi mở trên thiết bị khác, bạn sẽ được hỏi mã này.",
        "en": "PIN set. Another device will ask for it.",
    },
    "audit.access_link.pin_set": {"vi": "Đặt mã PIN", "en": "PIN set"},
    "audit.access_link.pin_failed": {"vi": "Nhập sai mã PIN", "en": "Wrong PIN"},
    "audit.access_link.pin_locked": {
        "vi": "Khóa thiết bị vì sai PIN nhiều lần",
        "en": "Device locked after wrong PINs",
    },
    "audit.access_link.link_locked": {
        "vi": "Khóa đường dẫn vì sai PIN nhiều lần trên các thiết bị",
        "en": "Link locked after wrong PINs across devices",
    },
    "audit.access_link.unlocked": {"vi": "Mở khóa đường dẫn", "en": "Link unlocked"},
    "public.note": {
        "vi": "Trang công khai của kỳ họp: chương trình và các tài liệu công khai.",
        "en": "The meeting's public page: its programme and public documents.",
    },
    "public.programme": {"vi": "Chương trình", "en": "Programme"},
    "public.documents": {"vi": "Tài liệu công khai", "en": "Public documents"},
    "public.no_documents": {"vi": "Chưa có tài liệu công khai.", "en": "No public documents yet."},
    "public.nothing_found": {
        "vi": "Không tìm thấy tài liệu công khai nào phù hợp với «{q}».",
        "en": "No public document matches «{q}».",
    },
    "audit.object.access_link": {"vi": "Liên kết truy cập", "en": "Access link"},
    "audit.object.body": {"vi": "Ban, Tổ", "en": "Committee or group"},
    "audit.object.council": {"vi": "Hội đồng", "en": "Council"},
    "audit.object.document": {"vi": "Tài liệu", "en": "Document"},
    "audit.object.meeting": {"vi": "Cuộc họp", "en": "Meeting"},
    "audit.object.paper_document": {"vi": "Tài liệu giấy", "en": "Paper document"},
    "audit.object.petition": {"vi": "Kiến nghị", "en": "Petition"},
    "audit.object.signing_credential": {"vi": "Chứng thư số", "en": "Signing credential"},
    "audit.object.trust_anchor": {"vi": "Chứng thư gốc tin cậy", "en": "Trust anchor"},
    "audit.object.user": {"vi": "Người dùng", "en": "User"},
    "audit.object.vote": {"vi": "Biểu quyết", "en": "Vote"},
    "audit.object.term": {"vi": "Nhiệm kỳ", "en": "Term"},
    "audit.object.opinion_form": {"vi": "Phiếu lấy ý kiến", "en": "Opinion form"},
    "meeting.public_qr": {
        "vi": "Mã QR công khai cho khách mời và báo chí",
        "en": "Public QR code for guests and press",
    },
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
    "audit.access_link.issued": {"vi": "Cấp mã truy cập", "en": "Access link issued"},
    "audit.access_link.failed": {"vi": "Mã truy cập sai", "en": "Invalid access link"},
    "audit.access_link.throttled": {
        "vi": "Chặn dò mã truy cập",
        "en": "Access link guessing blocked",
    },
    "audit.access_link.revoked": {"vi": "Thu hồi mã truy cập", "en": "Access link revoked"},
    "audit.paper_document.registered": {"vi": "Vào sổ tài liệu mật", "en": "Paper copy registered"},
    "audit.paper_document.updated": {"vi": "Sửa sổ tài liệu mật", "en": "Paper register updated"},
}

# --- signing and verification -----------------------------------------------------------------
MESSAGES.update(
    {
        "signing.error.bad_certificate": {
            "vi": "Tệp không phải là chứng thư số (PEM hoặc DER).",
            "en": "The file is not a certificate (PEM or DER).",
        },
        "signing.error.bad_pkcs12": {
            "vi": "Không mở được tệp chữ ký số: tệp không phải PKCS#12 hoặc mật khẩu không đúng.",
            "en": "Cannot open the signing file: not PKCS#12, or the passphrase is wrong.",
        },
        "signing.error.wrong_pin": {
            "vi": "Mã PIN của thiết bị ký số không đúng.",
            "en": "The token PIN is wrong.",
        },
        "signing.error.token_unavailable": {
            "vi": "Không tìm thấy thiết bị ký số hoặc khóa trên thiết bị.",
            "en": "The signing token or its key was not found.",
        },
        "signing.error.credential_expired": {
            "vi": "Chứng thư số đã hết hạn.",
            "en": "The certificate has expired.",
        },
        "signing.error.no_credential": {
            "vi": "Bạn chưa đăng ký chứng thư số để ký.",
            "en": "You have no signing credential yet.",
        },
        "signing.error.not_a_pdf": {
            "vi": "Tệp gửi lên không phải là tệp PDF.",
            "en": "The file is not a PDF.",
        },
        "signing.error.bad_signature_value": {
            "vi": "Chữ ký nhận được không khớp với văn bản đã chuẩn bị hoặc với chứng thư số.",
            "en": "The signature does not match the prepared document or the certificate.",
        },
        "signing.error.timestamp_failed": {
            "vi": "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian; văn bản chưa được ký.",
            "en": "The timestamp authority did not answer; nothing was signed.",
        },
        "signing.error.wrong_step": {
            "vi": "Văn bản không ở bước này của quy trình ban hành (cấp số → Chủ tịch ký → đóng dấu).",
            "en": "The document is not at this step of issuing (number → chair signs → seal).",
        },
        "signing.error.vote_not_passed": {
            "vi": "Hội đồng đã biểu quyết KHÔNG thông qua dự thảo này. Chỉ cấp số ban hành khi xác nhận rõ ràng việc ban hành dù không được thông qua (được ghi vào nhật ký).",
            "en": "The council voted this draft down. It is numbered for issue only with an explicit confirmation (recorded in the log).",
        },
        "signing.despite_vote": {
            "vi": "Tôi xác nhận ban hành dù biểu quyết không được thông qua",
            "en": "I confirm issuing it although the vote did not pass",
        },
        "signing.error.stamp_placed": {
            "vi": "Văn bản đã được ký: không thể dời vị trí chữ ký.",
            "en": "The document is signed: the signature's place cannot move.",
        },
        "signing.error.not_issuable": {
            "vi": "Loại văn bản này không được cấp số ban hành.",
            "en": "This kind of document is not numbered for issue.",
        },
        "signing.error.document_changed": {
            "vi": "Văn bản vừa có phiên bản mới trong lúc ký; chữ ký chưa được lưu. Hãy ký lại.",
            "en": "The document got a new version while it was being signed; sign again.",
        },
        "signing.error.numbering_busy": {
            "vi": "Sổ đăng ký văn bản đang được cấp số liên tục; vui lòng cấp số lại sau ít phút.",
            "en": "The register is busy numbering other documents; try again in a moment.",
        },
        "signing.error.ticket_invalid": {
            "vi": "Lệnh ký không hợp lệ, đã hết hạn hoặc đã được dùng. Hãy lấy lệnh mới từ bàn ký số.",
            "en": "The signing command is invalid, expired or used. Get a new one from the desk.",
        },
        "signing.error.unknown_provider": {
            "vi": "Nhà cung cấp ký số từ xa này chưa được cấu hình.",
            "en": "This remote-signing provider is not configured.",
        },
        "signing.error.remote_refused": {
            "vi": "Dịch vụ ký số từ xa từ chối: kiểm tra tên đăng nhập, mật khẩu và mã chứng thư.",
            "en": "The remote-signing service refused: check the user name, password and credential.",
        },
        "signing.error.remote_unavailable": {
            "vi": "Dịch vụ ký số từ xa không phản hồi; chưa có gì được ký. Vui lòng thử lại sau.",
            "en": "The remote-signing service did not answer; nothing was signed. Try again later.",
        },
        "signing.error.not_remote": {
            "vi": "Chữ ký của yêu cầu này do dịch vụ ký số từ xa gửi về, không nhập tay.",
            "en": "This request's signature comes from the remote-signing service.",
        },
        "signing.error.request_closed": {
            "vi": "Yêu cầu ký đã hết hạn, đã hoàn tất hoặc văn bản đã thay đổi.",
            "en": "The signing request expired, was completed, or the document changed.",
        },
        "audit.trust_anchor.added": {
            "vi": "Thêm chứng thư gốc tin cậy",
            "en": "Trust anchor added",
        },
        "audit.signing_credential.added": {
            "vi": "Đăng ký chứng thư ký số",
            "en": "Signing credential added",
        },
        "audit.document.numbered": {"vi": "Cấp số văn bản", "en": "Document numbered"},
        "audit.document.desk_ticket_issued": {
            "vi": "Cấp lệnh ký bằng USB token",
            "en": "USB-token signing command issued",
        },
        "audit.document.signing_refused": {
            "vi": "Yêu cầu ký bị từ chối",
            "en": "Signing request refused",
        },
        "audit.document.signing_expired": {
            "vi": "Yêu cầu ký hết hạn",
            "en": "Signing request expired",
        },
        "audit.document.signing_cancelled": {
            "vi": "Hủy yêu cầu ký",
            "en": "Signing request cancelled",
        },
        "audit.document.stamp_placed": {
            "vi": "Chọn vị trí chữ ký",
            "en": "Signature place chosen",
        },
        "audit.document.certified": {"vi": "Chủ tịch ký số", "en": "Signed by the chair"},
        "audit.document.sealed": {
            "vi": "Ký số cơ quan, ban hành",
            "en": "Organisation seal applied, issued",
        },
        "audit.document.signing_prepared": {
            "vi": "Chuẩn bị ký số từ xa",
            "en": "Deferred signing prepared",
        },
        "signing.band_caption": {
            "vi": "Quét mã để kiểm tra chữ ký số của văn bản",
            "en": "Scan to verify this document's digital signatures",
        },
        "signing.reason.certify": {
            "vi": "Chủ tịch HĐND ký ban hành",
            "en": "Signed for issue by the council chair",
        },
        "signing.reason.seal": {
            "vi": "Ký số của cơ quan, tổ chức",
            "en": "Organisation signature",
        },
    }
)

MESSAGES.update(
    {
        "ok.document_numbered": {
            "vi": "Đã cấp số và in mã QR kiểm tra lên trang đầu.",
            "en": "Numbered; the verification QR is on page 1.",
        },
        "ok.document_signed": {"vi": "Đã ký số văn bản.", "en": "Document signed."},
        "ok.stamp_placed": {
            "vi": "Đã lưu vị trí chữ ký.",
            "en": "The signature's place is saved.",
        },
        "stamp.title": {"vi": "Vị trí chữ ký và con dấu", "en": "Where the signature goes"},
        "stamp.pick_link": {"vi": "Vị trí chữ ký", "en": "Signature place"},
        "stamp.back": {"vi": "Trở lại kỳ họp", "en": "Back to the meeting"},
        "stamp.last_page": {"vi": "Trang cuối của văn bản", "en": "The document's last page"},
        "stamp.legend": {
            "vi": "Khung xanh: chữ ký của Chủ tịch; vòng đỏ: con dấu.",
            "en": "Blue frame: the chair's signature; red ring: the seal.",
        },
        "stamp.automatic": {
            "vi": "Vị trí do hệ thống chọn: dưới dòng chức danh, không đè lên chữ.",
            "en": "Placed by the platform: below the title line, clear of the text.",
        },
        "stamp.chosen": {
            "vi": "Vị trí do Văn phòng chọn.",
            "en": "Placed by the office.",
        },
        "stamp.help": {
            "vi": "Bấm vào trang ở chỗ muốn đặt chữ ký: khung chữ ký sẽ nằm giữa chỗ bấm.",
            "en": "Click the page where the signature should go: its frame is centred there.",
        },
        "stamp.image_alt": {
            "vi": "Trang cuối của văn bản, với vị trí chữ ký và con dấu",
            "en": "The last page, with the signature's and the seal's places",
        },
        "stamp.reset": {"vi": "Để hệ thống tự chọn", "en": "Let the platform choose"},
        "stamp.fixed": {
            "vi": "Văn bản đã được ký: chữ ký nằm ở vị trí này.",
            "en": "The document is signed: the signature is here.",
        },
        "ok.credential_added": {"vi": "Đã đăng ký chứng thư số.", "en": "Credential added."},
        "ok.signing_cancelled": {
            "vi": "Đã hủy yêu cầu ký; văn bản không thay đổi.",
            "en": "The signing request was cancelled; the document is unchanged.",
        },
        "signing.add_remote": {
            "vi": "Thêm tài khoản ký số từ xa",
            "en": "Add a remote-signing account",
        },
        "signing.remote_hint": {
            "vi": "Khóa ký nằm ở nhà cung cấp dịch vụ; mỗi lần ký, bạn phê duyệt trên điện thoại. Mật khẩu chỉ dùng một lần để kết nối, không được lưu.",
            "en": "The key stays with the provider; you approve each signature on your phone. The password is used once to connect and is not kept.",
        },
        "signing.provider": {"vi": "Nhà cung cấp", "en": "Provider"},
        "signing.remote_username": {"vi": "Tên đăng nhập", "en": "User name"},
        "signing.remote_password": {"vi": "Mật khẩu", "en": "Password"},
        "signing.remote_key": {
            "vi": "Mã chứng thư (để trống: chứng thư đầu tiên)",
            "en": "Credential ID (empty: the first one)",
        },
        "signing.add_remote_submit": {"vi": "Kết nối", "en": "Connect"},
        "desk.sign_remote": {
            "vi": "Ký số từ xa ({provider}) — phê duyệt trên điện thoại",
            "en": "Sign remotely ({provider}) — approve on your phone",
        },
        "meeting.issuer": {"vi": "Cơ quan ban hành", "en": "Issued by"},
        "meeting.issuer_default": {
            "vi": "Hội đồng nhân dân (hoặc Ban chủ trì kỳ họp)",
            "en": "The council (or the Ban running the meeting)",
        },
        "council.model_ceiling": {
            "vi": "Mức tài liệu cao nhất được gửi tới máy chủ AI của tỉnh",
            "en": "Highest class of paper sent to the province's AI server",
        },
        "review.error.model_off": {
            "vi": "Chưa cấu hình máy chủ mô hình ngôn ngữ của tỉnh; các chức năng khác vẫn dùng bình thường.",
            "en": "No language model server is configured; everything else works without one.",
        },
        "review.error.above_ceiling": {
            "vi": "Tài liệu này ở mức phân loại cao hơn mức Hội đồng cho phép gửi tới máy chủ mô hình ngôn ngữ.",
            "en": "This document's class is above what the council lets reach the model server.",
        },
        "review.error.model_unavailable": {
            "vi": "Máy chủ mô hình ngôn ngữ không phản hồi; vui lòng thử lại sau.",
            "en": "The language model server did not answer; try again later.",
        },
        "review.draft_answer": {
            "vi": "Soạn câu trả lời từ các đoạn trên (máy chủ AI của tỉnh)",
            "en": "Draft an answer from these passages (the province's AI server)",
        },
        "review.draft_title": {"vi": "Câu trả lời soạn sẵn", "en": "Drafted answer"},
        "review.summary_title": {"vi": "Tóm tắt tài liệu", "en": "Document summary"},
        "review.summary_link": {"vi": "Tóm tắt", "en": "Summary"},
        "review.draft_note": {
            "vi": "Mỗi câu dẫn về trang làm căn cứ; chỉ các đoạn bạn được xem và trong mức Hội đồng cho phép được gửi tới máy chủ AI của tỉnh.",
            "en": "Each sentence links to its page; only passages you may see, within the council's limit, reach the province's AI server.",
        },
        "review.withheld": {
            "vi": "{n} đoạn không được gửi tới máy chủ AI vì vượt mức Hội đồng cho phép.",
            "en": "{n} passages were not sent: above the council's limit.",
        },
        "review.no_draft": {
            "vi": "Máy chủ AI không đưa ra câu nào có căn cứ.",
            "en": "The model gave no sentence with a source.",
        },
        "review.documents": {"vi": "Tài liệu của nội dung này", "en": "This item's papers"},
        "review.ask_title": {"vi": "Hỏi tài liệu kỳ họp", "en": "Ask the meeting's papers"},
        "review.ask_label": {
            "vi": "Hỏi tài liệu kỳ họp (gõ có dấu hay không dấu đều được)",
            "en": "Ask the meeting's papers (with or without accents)",
        },
        "review.ask_placeholder": {
            "vi": "Ví dụ: tổng mức đầu tư bao nhiêu",
            "en": "E.g. what is the total investment",
        },
        "review.ask_submit": {"vi": "Tìm câu trả lời", "en": "Find the answer"},
        "review.ask_found": {"vi": "{n} đoạn trả lời", "en": "{n} passages"},
        "review.ask_private": {
            "vi": "Chỉ tìm trong tài liệu bạn được xem; câu hỏi và tài liệu không gửi ra ngoài hệ thống.",
            "en": "Only the papers you may see are searched; nothing leaves the platform.",
        },
        "review.open": {"vi": "Hỗ trợ thẩm tra", "en": "Review support"},
        "review.title": {"vi": "Hỗ trợ thẩm tra", "en": "Review support"},
        "review.checks": {"vi": "Điểm cần kiểm tra", "en": "Points to check"},
        "review.no_checks": {
            "vi": "Không thấy số liệu nào vênh nhau giữa các tài liệu.",
            "en": "No figures disagree between the papers.",
        },
        "review.kind.money": {"vi": "Số tiền", "en": "Amounts"},
        "review.kind.percent": {"vi": "Tỷ lệ", "en": "Percentages"},
        "review.kind.quantity": {"vi": "Số lượng", "en": "Quantities"},
        "review.kind.date": {"vi": "Ngày, thời hạn", "en": "Dates and deadlines"},
        "review.kind.legal_reference": {"vi": "Căn cứ pháp lý", "en": "Legal references"},
        "review.kind.agency": {"vi": "Cơ quan thực hiện", "en": "Agencies"},
        "review.private": {
            "vi": "Trích từ tài liệu bạn được xem, ngay trên hệ thống; không tài liệu nào gửi ra ngoài.",
            "en": "Read from the papers you may see, on the platform itself; nothing is sent out.",
        },
        "desk.capacity": {"vi": "Bạn ký với tư cách: {capacity}", "en": "You sign as: {capacity}"},
        "desk.sign_token": {"vi": "Ký bằng USB token", "en": "Sign with a USB token"},
        "token.title": {"vi": "Ký bằng USB token", "en": "Sign with a USB token"},
        "token.step_plug": {
            "vi": "Cắm USB token vào máy tính của bạn.",
            "en": "Plug the USB token into your computer.",
        },
        "token.step_run": {
            "vi": "Mở cửa sổ dòng lệnh trên máy đó và chạy lệnh sau (lệnh chỉ dùng được một lần, cho văn bản này):",
            "en": "Open a terminal on that computer and run (the command works once, for this document):",
        },
        "token.command": {"vi": "Lệnh ký", "en": "Signing command"},
        "token.step_pin": {
            "vi": "Nhập mã PIN của token khi được hỏi. Khóa ký và mã PIN không rời khỏi máy tính của bạn.",
            "en": "Type the token's PIN when asked. The key and the PIN never leave your computer.",
        },
        "token.install": {
            "vi": "Lệnh kyhop đi kèm gói cài đặt của Kỳ Họp Số (pip install kyhop); thêm --module với thư viện PKCS#11 của hãng token nếu cần.",
            "en": "The kyhop command ships in Kỳ Họp Số's package (pip install kyhop); add --module with your token maker's PKCS#11 library if needed.",
        },
        "token.waiting": {
            "vi": "Đang chờ lệnh ký từ máy tính của bạn (đến {at}). Trang sẽ tự chuyển khi ký xong.",
            "en": "Waiting for the command on your computer (until {at}). The page moves on once signed.",
        },
        "token.stopped": {
            "vi": "Yêu cầu ký đã dừng (hết hạn hoặc bị từ chối); văn bản không thay đổi.",
            "en": "The signing stopped (expired or refused); the document is unchanged.",
        },
        "waiting.title": {"vi": "Chờ phê duyệt chữ ký", "en": "Awaiting approval"},
        "waiting.on_phone": {
            "vi": "Chờ phê duyệt trên điện thoại… Mở ứng dụng ký số trên điện thoại của bạn và xác nhận. Trang này tự cập nhật.",
            "en": "Waiting for approval on your phone… Open your signing app and confirm. This page updates by itself.",
        },
        "waiting.until": {
            "vi": "Yêu cầu hết hạn lúc {at}.",
            "en": "The request expires at {at}.",
        },
        "waiting.look_again": {"vi": "Kiểm tra lại", "en": "Look again"},
        "waiting.cancel": {"vi": "Hủy yêu cầu ký", "en": "Cancel the request"},
        "waiting.status.refused": {
            "vi": "Yêu cầu ký đã bị từ chối.",
            "en": "The signature was refused.",
        },
        "waiting.status.expired": {
            "vi": "Yêu cầu ký đã hết hạn mà chưa được phê duyệt.",
            "en": "The request expired without approval.",
        },
        "waiting.status.cancelled": {
            "vi": "Yêu cầu ký đã được hủy.",
            "en": "The request was cancelled.",
        },
        "waiting.status.waiting": {"vi": "Đang chờ phê duyệt.", "en": "Waiting for approval."},
        "waiting.status.signed": {"vi": "Đã ký.", "en": "Signed."},
        "waiting.nothing_signed": {
            "vi": "Văn bản không thay đổi. Bạn có thể ký lại từ bàn ký số.",
            "en": "The document is unchanged. You can sign again from the desk.",
        },
        "signing.page_title": {"vi": "Chữ ký số của tôi", "en": "My signing credentials"},
        "signing.credentials": {"vi": "Chứng thư số đã đăng ký", "en": "Registered credentials"},
        "signing.subject": {"vi": "Chủ thể", "en": "Subject"},
        "signing.kind": {"vi": "Loại", "en": "Kind"},
        "signing.not_after": {"vi": "Hết hạn", "en": "Expires"},
        "signing.none": {"vi": "Chưa có chứng thư số nào.", "en": "No credential yet."},
        "signing.add_pkcs12": {"vi": "Thêm tệp chữ ký số (PKCS#12)", "en": "Add a PKCS#12 file"},
        "signing.file": {"vi": "Tệp .p12 / .pfx", "en": ".p12 / .pfx file"},
        "signing.passphrase": {"vi": "Mật khẩu của tệp", "en": "File passphrase"},
        "signing.add_submit": {"vi": "Đăng ký", "en": "Register"},
        "signing.passphrase_note": {
            "vi": "Tệp được lưu mã hóa; mật khẩu không được lưu và sẽ được hỏi mỗi lần ký.",
            "en": "The file is stored encrypted; the passphrase is not kept and is asked at each signing.",
        },
        "signing.issue": {"vi": "Ban hành", "en": "Issue"},
        "signing.number_submit": {"vi": "Cấp số", "en": "Assign number"},
        "signing.passphrase_or_pin": {
            "vi": "Mật khẩu tệp hoặc mã PIN",
            "en": "Passphrase or PIN",
        },
        "signing.sign_submit": {"vi": "Ký số", "en": "Sign"},
        "desk.title": {"vi": "Ký số và ban hành", "en": "Signing and issuing"},
        "desk.awaiting": {"vi": "Chờ bạn ký", "en": "Awaiting your signature"},
        "desk.nothing_awaits": {
            "vi": "Không có văn bản nào chờ bạn ký.",
            "en": "Nothing awaits your signature.",
        },
        "desk.number": {"vi": "Số {number}", "en": "No. {number}"},
        "desk.state": {"vi": "Tình trạng ban hành", "en": "Issuing state"},
        "desk.numbered": {"vi": "Đã cấp số", "en": "Numbered"},
        "desk.certified": {"vi": "Đã ký chứng thực {at}", "en": "Certified {at}"},
        "desk.sealed": {"vi": "Đã đóng dấu, ban hành {at}", "en": "Sealed and issued {at}"},
        "desk.verify_link": {"vi": "Trang xác thực", "en": "Verification page"},
        "desk.credential": {"vi": "Chứng thư số", "en": "Credential"},
        "desk.sign_certify": {"vi": "Ký chứng thực", "en": "Certify"},
        "desk.sign_seal": {"vi": "Ký số cơ quan (đóng dấu)", "en": "Apply the seal"},
        "desk.no_credential": {
            "vi": "Bạn chưa đăng ký chứng thư số nào: hãy thêm tệp chữ ký số, hoặc ký bằng thiết bị riêng (ký hoãn).",
            "en": "You have no credential yet: add a PKCS#12 file, or sign on your own device (deferred).",
        },
        "desk.deferred": {
            "vi": "Ký thủ công: dán chữ ký làm từ công cụ khác",
            "en": "By hand: paste a signature made with another tool",
        },
        "desk.deferred_hint": {
            "vi": "Khóa bí mật không rời thiết bị của bạn: dán chứng thư số (PEM), hệ thống chuẩn bị văn bản và đưa ra dữ liệu cần ký; ký dữ liệu đó bằng công cụ của thiết bị rồi dán chữ ký trở lại.",
            "en": "Your private key never leaves your device: paste your certificate (PEM), the system prepares the document and shows the data to sign; sign it with your device's tool and paste the signature back.",
        },
        "desk.certificate": {"vi": "Chứng thư số (PEM)", "en": "Certificate (PEM)"},
        "desk.prepare_submit": {"vi": "Chuẩn bị ký", "en": "Prepare"},
        "desk.deferred_step2": {
            "vi": "Ký dữ liệu dưới đây bằng thiết bị của bạn (SHA-256) trước {at}, rồi dán chữ ký vào ô bên dưới.",
            "en": "Sign the data below on your device (SHA-256) before {at}, then paste the signature below.",
        },
        "desk.data_to_sign": {"vi": "Dữ liệu cần ký (base64)", "en": "Data to sign (base64)"},
        "desk.digest": {
            "vi": "Giá trị băm SHA-256 của dữ liệu (base64)",
            "en": "Its SHA-256 digest (base64)",
        },
        "desk.signature": {"vi": "Chữ ký (base64)", "en": "Signature (base64)"},
        "desk.signature_format": {"vi": "Dạng chữ ký", "en": "Signature format"},
        "desk.format_raw": {"vi": "Giá trị chữ ký RSA/ECDSA", "en": "Raw RSA/ECDSA value"},
        "desk.format_cms": {"vi": "Gói CMS/PKCS#7", "en": "CMS/PKCS#7"},
        "desk.complete_submit": {"vi": "Hoàn tất ký", "en": "Complete the signature"},
        "desk.upcoming": {"vi": "Kỳ họp sắp tới", "en": "Next sessions"},
        "desk.no_upcoming": {
            "vi": "Chưa có kỳ họp nào được triệu tập.",
            "en": "No session convened.",
        },
        "desk.issued": {"vi": "Văn bản đã cấp số", "en": "Numbered documents"},
        "desk.none_issued": {
            "vi": "Chưa có văn bản nào được cấp số.",
            "en": "No document numbered yet.",
        },
        "desk.open": {"vi": "Mở bàn ký số", "en": "Open the signing desk"},
        "credential.pkcs12": {"vi": "Tệp PKCS#12", "en": "PKCS#12 file"},
        "credential.pkcs11": {"vi": "USB token / HSM", "en": "USB token / HSM"},
        "credential.remote": {"vi": "Ký từ xa", "en": "Remote"},
        "verify.title": {"vi": "Kiểm tra chữ ký số văn bản", "en": "Verify a signed document"},
        "verify.hint": {
            "vi": "Chọn tệp PDF để kiểm tra từng chữ ký: người ký, chứng thư, dấu thời gian và các thay đổi sau khi ký.",
            "en": "Choose a PDF to check each signature: signer, certificate, timestamp and changes after signing.",
        },
        "verify.submit": {"vi": "Kiểm tra", "en": "Verify"},
        "verify.file": {"vi": "Tệp PDF đã ký", "en": "Signed PDF file"},
        "verify.unsigned_tail": {
            "vi": "Các chữ ký vẫn đúng với phần đã ký, nhưng sau phần đó tệp còn {n} byte không "
            "thuộc chữ ký nào. Phần thêm này không làm thay đổi nội dung hiển thị, song tệp không "
            "còn đúng như khi ký: hãy dùng bản gốc tải từ trang xác thực của cơ quan ban hành.",
            "en": "The signatures hold for what they signed, but {n} bytes follow it that no "
            "signature covers. They do not change what is shown, yet the file is no longer as "
            "signed: use the original from the issuer's verification page.",
        },
        "verify.issued_at": {"vi": "Ban hành lúc", "en": "Issued at"},
        "verify.not_issued": {"vi": "Văn bản chưa được ban hành.", "en": "Not issued yet."},
        "verify.download_original": {
            "vi": "Tải bản gốc đã ban hành (PDF) để đối chiếu",
            "en": "Download the issued original (PDF) to compare",
        },
        "verify.role.certify": {"vi": "Chủ tịch ký", "en": "Chair"},
        "verify.role.seal": {"vi": "Ký số cơ quan", "en": "Organisation seal"},
        "verify.indication.TOTAL_PASSED": {"vi": "Hợp lệ", "en": "Valid"},
        "verify.indication.INDETERMINATE": {
            "vi": "Chưa xác định được (không đủ căn cứ tin cậy)",
            "en": "Indeterminate",
        },
        "verify.indication.TOTAL_FAILED": {"vi": "Không hợp lệ", "en": "Invalid"},
        "verify.indication.NO_SIGNATURE": {"vi": "Văn bản không có chữ ký số", "en": "Not signed"},
        "verify.matches.yes": {
            "vi": "Tệp trùng khớp với văn bản đã ban hành trong hệ thống.",
            "en": "The file matches the issued document on record.",
        },
        "verify.matches.no": {
            "vi": "Tệp KHÔNG trùng khớp với văn bản đã ban hành trong hệ thống.",
            "en": "The file does NOT match the issued document on record.",
        },
        "verify.signed_at": {"vi": "Thời điểm ký (người ký khai)", "en": "Signing time (claimed)"},
        "verify.timestamp": {"vi": "Dấu thời gian", "en": "Timestamp"},
        "verify.chain": {"vi": "Chuỗi chứng thư", "en": "Certificate chain"},
        "verify.trusted": {"vi": "Chứng thư gốc tin cậy", "en": "Trusted root"},
        "verify.whole_document": {
            "vi": "Bao trùm toàn bộ văn bản",
            "en": "Covers the whole document",
        },
        "verify.modifications": {"vi": "Thay đổi sau khi ký", "en": "Changes after signing"},
        "verify.yes": {"vi": "có", "en": "yes"},
        "verify.no": {"vi": "không", "en": "no"},
        "verify.sha256": {"vi": "Mã băm SHA-256 của tệp", "en": "The file's SHA-256"},
        "verify.unnamed_signature": {"vi": "Chữ ký không rõ người ký", "en": "Unnamed signature"},
        "verify.explain.TOTAL_PASSED": {
            "vi": "Mọi chữ ký đều đúng: văn bản không bị sửa sau khi ký và người ký có chứng thư số do tổ chức tin cậy cấp.",
            "en": "Every signature holds: the document is unchanged since signing and each signer's certificate comes from a trusted authority.",
        },
        "verify.explain.TOTAL_FAILED": {
            "vi": "Không được tin tệp này: có chữ ký không còn đúng với nội dung tệp.",
            "en": "Do not rely on this file: a signature does not hold for its content.",
        },
        "verify.explain.INDETERMINATE": {
            "vi": "Chữ ký khớp với nội dung, nhưng chưa đủ căn cứ để khẳng định hợp lệ. Hãy đối chiếu với bản gốc trên trang xác thực của cơ quan ban hành.",
            "en": "The signatures match the content, but there is not enough to confirm them. Compare with the original on the issuer's verification page.",
        },
        "verify.explain.NO_SIGNATURE": {
            "vi": "Tệp không có chữ ký số nào, nên không thể xác nhận ai đã ban hành.",
            "en": "The file carries no digital signature, so who issued it cannot be confirmed.",
        },
        "verify.reason.HASH_FAILURE": {
            "vi": "Nội dung tệp đã bị thay đổi sau khi ký.",
            "en": "The file's content was changed after signing.",
        },
        "verify.reason.SIG_CRYPTO_FAILURE": {
            "vi": "Giá trị chữ ký không khớp với chứng thư số của người ký.",
            "en": "The signature value does not match the signer's certificate.",
        },
        "verify.reason.FORMAT_FAILURE": {
            "vi": "Tệp hỏng hoặc chữ ký không bao trùm văn bản, không đọc được để kiểm tra.",
            "en": "The file is damaged or the signature does not cover the document.",
        },
        "verify.reason.DISALLOWED_MODIFICATION": {
            "vi": "Sau khi ký, tệp đã bị thêm hoặc sửa nội dung, chú thích hay ô nhập liệu.",
            "en": "Content, annotations or form fields were added or changed after signing.",
        },
        "verify.reason.REVOKED": {
            "vi": "Chứng thư số của người ký đã bị thu hồi.",
            "en": "The signer's certificate was revoked.",
        },
        "verify.reason.EXPIRED": {
            "vi": "Chứng thư số đã hết hạn vào thời điểm ký.",
            "en": "The certificate had expired when the document was signed.",
        },
        "verify.reason.NOT_YET_VALID": {
            "vi": "Chứng thư số chưa có hiệu lực vào thời điểm ký.",
            "en": "The certificate was not yet valid when the document was signed.",
        },
        "verify.reason.NO_CERTIFICATE_CHAIN_FOUND": {
            "vi": "Chứng thư số không do tổ chức chứng thực mà hệ thống tin cậy cấp.",
            "en": "The certificate was not issued by an authority this system trusts.",
        },
        "verify.reason.TIMESTAMP_NOT_TRUSTED": {
            "vi": "Dấu thời gian không do đơn vị cấp dấu thời gian tin cậy cấp.",
            "en": "The timestamp is not from a trusted timestamp authority.",
        },
        "verify.reason.UNSIGNED_TRAILING_DATA": {
            "vi": "Sau phần đã ký, tệp còn dữ liệu không thuộc chữ ký nào.",
            "en": "Data that no signature covers follows the signed part.",
        },
        "verify.reason.other": {
            "vi": "Chưa kiểm tra được đầy đủ chứng thư số của người ký.",
            "en": "The signer's certificate could not be fully checked.",
        },
        "verify.timestamp_trusted": {
            "vi": "do đơn vị tin cậy cấp",
            "en": "from a trusted authority",
        },
        "verify.timestamp_untrusted": {
            "vi": "không do đơn vị tin cậy cấp",
            "en": "not from a trusted authority",
        },
        "verify.trusted_yes": {
            "vi": "Chứng thư số do tổ chức chứng thực tin cậy cấp.",
            "en": "The certificate comes from a trusted authority.",
        },
        "verify.trusted_no": {
            "vi": "Chứng thư số không do tổ chức chứng thực mà hệ thống tin cậy cấp.",
            "en": "The certificate is not from an authority this system trusts.",
        },
        "verify.whole_yes": {
            "vi": "Chữ ký bao trùm toàn bộ tệp.",
            "en": "The signature covers the whole file.",
        },
        "verify.whole_no": {
            "vi": "Sau chữ ký này tệp còn được ký tiếp hoặc bổ sung.",
            "en": "The file was signed again or extended after this signature.",
        },
        "verify.changes.none": {
            "vi": "Không có thay đổi nào sau khi ký.",
            "en": "No change after signing.",
        },
        "verify.changes.lta_updates": {
            "vi": "Sau khi ký chỉ bổ sung dữ liệu lưu trữ dài hạn (được phép).",
            "en": "Only long-term validation data was added after signing (allowed).",
        },
        "verify.changes.form_filling": {
            "vi": "Sau khi ký chỉ có các chữ ký tiếp theo được thêm vào (được phép).",
            "en": "Only further signatures were added after signing (allowed).",
        },
        "verify.changes.annotations": {
            "vi": "Sau khi ký có chú thích được thêm vào.",
            "en": "Annotations were added after signing.",
        },
        "verify.changes.other": {
            "vi": "Sau khi ký, nội dung tệp đã bị thay đổi.",
            "en": "The content was changed after signing.",
        },
        "verify.changes.unknown": {
            "vi": "Không xác định được các thay đổi sau khi ký.",
            "en": "Changes after signing could not be determined.",
        },
        "verify.level.B-B": {
            "vi": "Chữ ký PAdES cơ bản (B-B)",
            "en": "Basic PAdES signature (B-B)",
        },
        "verify.level.B-T": {
            "vi": "Chữ ký PAdES có dấu thời gian (B-T)",
            "en": "PAdES signature with a timestamp (B-T)",
        },
        "verify.level.B-LT": {
            "vi": "Chữ ký PAdES kèm dữ liệu kiểm tra dài hạn (B-LT)",
            "en": "PAdES signature with long-term validation data (B-LT)",
        },
        "verify.level.B-LTA": {
            "vi": "Chữ ký PAdES lưu trữ dài hạn (B-LTA)",
            "en": "PAdES long-term archival signature (B-LTA)",
        },
    }
)

# --- the session floor ----------------------------------------------------------------------
MESSAGES.update(
    {
        "voting.not_checked_in": {
            "vi": "Đại biểu chưa điểm danh có mặt nên chưa thể biểu quyết.",
            "en": "Check in as present before voting.",
        },
        "voting.online_not_counted": {
            "vi": "Theo quy chế của Hội đồng, đại biểu có mặt trực tuyến không biểu quyết. "
            "Hãy quét mã QR tại hội trường để điểm danh có mặt tại hội trường.",
            "en": "The council's rules let only delegates in the hall vote. Scan the hall's "
            "QR code to check in there.",
        },
        "floor.present_hall": {"vi": "Có mặt tại hội trường", "en": "Present in the hall"},
        "floor.present_online": {"vi": "Có mặt trực tuyến", "en": "Present online"},
        "floor.online_not_counted": {
            "vi": "không tính vào số có mặt theo quy chế",
            "en": "not counted as present under the rules",
        },
        "minutes.online": {
            "vi": "Đại biểu có mặt trực tuyến: {names}{note}.",
            "en": "Delegates present online: {names}{note}.",
        },
        "council.online_counts": {
            "vi": "Đại biểu có mặt trực tuyến được tính có mặt và được biểu quyết",
            "en": "Delegates present online count as present and may vote",
        },
        "voting.not_a_voter": {
            "vi": "Chỉ đại biểu HĐND của hội đồng này mới thực hiện được thao tác này.",
            "en": "Only delegates of this council can do this.",
        },
        "voting.not_open": {
            "vi": "Biểu quyết chưa mở hoặc đã kết thúc.",
            "en": "The vote is not open.",
        },
        "voting.already_voted": {
            "vi": "Đại biểu đã biểu quyết; phiếu đã ghi nhận không thay đổi được.",
            "en": "You have already voted; a cast ballot cannot be changed.",
        },
        "voting.ballots_unreadable": {
            "vi": "Không mở được phiếu kín để kiểm phiếu: khóa bí mật của hệ thống (KYHOP_SECRET_KEY) đã thay đổi từ khi mở biểu quyết. Biểu quyết vẫn mở; khôi phục khóa cũ rồi kết thúc lại, hoặc kiểm phiếu giấy.",
            "en": "The sealed ballots cannot be opened: the deployment's secret (KYHOP_SECRET_KEY) changed since the vote opened. The vote stays open; restore the former secret and close again, or count on paper.",
        },
        "voting.wrong_status": {
            "vi": "Không thực hiện được ở trạng thái hiện tại của biểu quyết.",
            "en": "Not possible in the vote's current state.",
        },
        "voting.floor_closed": {
            "vi": "Cuộc họp chưa triệu tập hoặc đã bế mạc.",
            "en": "The meeting is not convened or has ended.",
        },
        "voting.another_open": {
            "vi": "Đang có một biểu quyết khác mở; hãy kết thúc biểu quyết đó trước.",
            "en": "Another vote is open; close it first.",
        },
        "voting.too_many_approved": {
            "vi": "Phiếu không hợp lệ: số người được đồng ý nhiều hơn số người cần bầu của chức danh.",
            "en": "Invalid ballot: more candidates approved than the office has seats.",
        },
        "voting.no_candidates": {
            "vi": "Chưa thể bắt đầu bỏ phiếu: có chức danh chưa có người ứng cử.",
            "en": "The ballot cannot open: an office has no candidate.",
        },
        "voting.not_a_candidate": {
            "vi": "Người được giới thiệu phải là đại biểu đương nhiệm của Hội đồng và chỉ ứng cử một chức danh trong một cuộc bầu; hoặc người này không có trong danh sách ứng cử.",
            "en": "A nominee must be a serving delegate of the council, standing for one office per election; or this person is not a candidate.",
        },
        "audit.election.created": {"vi": "Tạo cuộc bầu chức danh", "en": "Election created"},
        "audit.election.nominated": {"vi": "Giới thiệu người ứng cử", "en": "Candidate nominated"},
        "audit.election.withdrawn": {
            "vi": "Rút khỏi danh sách ứng cử",
            "en": "Candidate withdrawn",
        },
        "audit.election.installed": {
            "vi": "Nhận chức danh theo kết quả bầu",
            "en": "Took office after an election",
        },
        "election.new": {"vi": "Bầu chức danh", "en": "Election of office-holders"},
        "election.title_field": {"vi": "Tên cuộc bầu", "en": "Election title"},
        "election.title_default": {
            "vi": "Bầu các chức danh của Hội đồng nhân dân",
            "en": "Election of the council's office-holders",
        },
        "election.office_n": {"vi": "Chức danh {n}", "en": "Office {n}"},
        "election.office_title": {"vi": "Chức danh", "en": "Office"},
        "election.office_example_1": {"vi": "Chủ tịch HĐND", "en": "Council chair"},
        "election.office_example_2": {"vi": "Phó Chủ tịch HĐND", "en": "Deputy chair"},
        "election.office_example_3": {
            "vi": "Trưởng Ban Kinh tế – Xã hội",
            "en": "Head of a committee",
        },
        "election.seats": {"vi": "Số người cần bầu", "en": "Seats"},
        "election.seats_n": {"vi": "bầu {n} người", "en": "{n} to elect"},
        "election.candidates": {"vi": "Người ứng cử (đánh dấu)", "en": "Candidates (tick)"},
        "election.create": {"vi": "Tạo cuộc bầu", "en": "Create the election"},
        "election.needed": {
            "vi": "Trúng cử khi được trên một nửa tổng số đại biểu đồng ý: ít nhất {needed}/{total}.",
            "en": "Elected with the approval of more than half of all delegates: at least {needed}/{total}.",
        },
        "election.withdrawn": {"vi": "(đã rút)", "en": "(withdrawn)"},
        "election.withdraw": {"vi": "Rút khỏi danh sách", "en": "Withdraw"},
        "election.nominee": {"vi": "Người được giới thiệu", "en": "Nominee"},
        "election.nominate": {"vi": "Giới thiệu thêm", "en": "Nominate"},
        "election.elected": {"vi": "Trúng cử", "en": "Elected"},
        "election.not_elected": {"vi": "Không trúng cử", "en": "Not elected"},
        "election.candidate": {"vi": "Người ứng cử", "en": "Candidate"},
        "election.outcome": {"vi": "Kết quả", "en": "Outcome"},
        "election.approve_up_to": {"vi": "số người đồng ý tối đa", "en": "approve at most"},
        "choice.elect_approve": {"vi": "Đồng ý", "en": "Approve"},
        "choice.elect_against": {"vi": "Không đồng ý", "en": "Against"},
        "record.election_rule": {
            "vi": "Người trúng cử phải được trên một nửa tổng số đại biểu Hội đồng nhân dân đồng ý, tức ít nhất {needed}/{total} đại biểu.",
            "en": "A candidate is elected with the approval of more than half of all delegates: at least {needed}/{total}.",
        },
        "record.withdrawn": {
            "vi": "{name} ({office}): đã rút khỏi danh sách ứng cử.",
            "en": "{name} ({office}): withdrew before the ballot.",
        },
        "voting.bad_ballot": {
            "vi": "Phiếu không hợp lệ: chọn một phương án cho mỗi nội dung.",
            "en": "Invalid ballot: one choice for each question.",
        },
        "voting.bad_paper_result": {
            "vi": "Kết quả kiểm phiếu không hợp lệ: thiếu số liệu hoặc tổng vượt số đại biểu.",
            "en": "Invalid paper count: missing figures or more than the number of delegates.",
        },
        "voting.bad_vote": {
            "vi": "Nội dung, tài liệu hoặc người phát biểu không thuộc cuộc họp này.",
            "en": "That item, document or speaker is not part of this meeting.",
        },
        "audit.attendance.marked": {"vi": "Điểm danh", "en": "Attendance marked"},
        "audit.vote.created": {"vi": "Tạo biểu quyết", "en": "Vote created"},
        "audit.vote.opened": {"vi": "Mở biểu quyết", "en": "Vote opened"},
        "audit.vote.closed": {"vi": "Kết thúc biểu quyết", "en": "Vote closed"},
        "audit.vote.paper_result": {
            "vi": "Nhập kết quả kiểm phiếu giấy",
            "en": "Paper count entered",
        },
    }
)

MESSAGES.update(
    {
        "floor.title": {"vi": "Điều hành phiên họp", "en": "Running the floor"},
        "floor.open_console": {"vi": "Điều hành phiên họp", "en": "Run the floor"},
        "floor.hall_screen": {"vi": "Màn hình hội trường", "en": "Hall screen"},
        "floor.attendance": {"vi": "Điểm danh", "en": "Attendance"},
        "floor.present": {"vi": "Có mặt", "en": "Present"},
        "floor.excused": {"vi": "Vắng có lý do", "en": "Excused"},
        "floor.absent": {"vi": "Vắng", "en": "Absent"},
        "floor.not_marked": {"vi": "Chưa điểm danh", "en": "Not checked in"},
        "floor.reason": {"vi": "Lý do vắng", "en": "Reason"},
        "floor.quorum_met": {
            "vi": "Đủ số đại biểu để tiến hành kỳ họp",
            "en": "Quorum met",
        },
        "floor.quorum_not_met": {
            "vi": "Chưa đủ số đại biểu để tiến hành kỳ họp",
            "en": "No quorum yet",
        },
        "floor.quorum_rule": {
            "vi": "Cần ít nhất {needed}/{total} đại biểu có mặt",
            "en": "At least {needed} of {total} delegates must be present",
        },
        "floor.votes": {"vi": "Biểu quyết", "en": "Votes"},
        "floor.new_vote": {"vi": "Tạo biểu quyết", "en": "New vote"},
        "floor.question": {"vi": "Nội dung biểu quyết", "en": "Question"},
        "floor.ballot.named": {"vi": "Công khai (ghi danh)", "en": "Named"},
        "floor.ballot.secret": {"vi": "Bỏ phiếu kín", "en": "Secret ballot"},
        "floor.threshold.majority": {
            "vi": "Quá nửa tổng số đại biểu",
            "en": "More than half of all delegates",
        },
        "floor.threshold.two_thirds": {
            "vi": "Ít nhất hai phần ba tổng số đại biểu",
            "en": "At least two thirds of all delegates",
        },
        "floor.kind.confidence": {"vi": "Lấy phiếu tín nhiệm", "en": "Confidence vote"},
        "floor.subjects": {
            "vi": "Danh sách người được lấy phiếu (mỗi dòng: họ tên – chức vụ)",
            "en": "People on the list (one per line: name – position)",
        },
        "floor.countdown": {"vi": "Đếm ngược (giây)", "en": "Countdown (seconds)"},
        "floor.open_vote": {"vi": "Mở biểu quyết", "en": "Open the vote"},
        "floor.close_vote": {"vi": "Kết thúc biểu quyết", "en": "Close the vote"},
        "floor.decides_draft": {"vi": "Dự thảo được biểu quyết", "en": "Draft being decided"},
        "floor.confirm_close_vote": {
            "vi": "Kết thúc biểu quyết? Đại biểu chưa biểu quyết sẽ được ghi là chưa biểu quyết.",
            "en": "Close the vote? Delegates who have not voted are recorded as not voting.",
        },
        "vote_status.open": {"vi": "Đang biểu quyết", "en": "Voting"},
        "floor.results": {"vi": "Kết quả biểu quyết", "en": "Vote results"},
        "floor.go_vote": {"vi": "Đến phần biểu quyết", "en": "Go to the vote"},
        "floor.screen_link": {
            "vi": "Liên kết cho máy chiếu (không cần đăng nhập)",
            "en": "Link for the projector (no login)",
        },
        "floor.screen_link_hint": {
            "vi": "Mở liên kết này trên máy tính nối máy chiếu: chỉ hiện màn hình hội trường của kỳ họp này, như mọi người trong hội trường đều thấy.",
            "en": "Open this link on the projector's computer: it shows only this meeting's hall screen, as everyone in the hall sees it.",
        },
        "vote_status.closed": {"vi": "Đã kết thúc", "en": "Closed"},
        "vote_status.draft": {"vi": "Chưa mở", "en": "Not open"},
        "floor.no_vote": {"vi": "Chưa có biểu quyết", "en": "No vote yet"},
        "floor.passed": {"vi": "ĐƯỢC THÔNG QUA", "en": "PASSED"},
        "floor.not_passed": {"vi": "KHÔNG ĐƯỢC THÔNG QUA", "en": "NOT PASSED"},
        "floor.cast": {"vi": "Số phiếu đã biểu quyết", "en": "Ballots cast"},
        "floor.voted": {"vi": "Đã ghi nhận biểu quyết của đại biểu", "en": "Your vote is recorded"},
        "floor.hidden_until_close": {
            "vi": "Bỏ phiếu kín: kết quả công bố khi kết thúc",
            "en": "Secret ballot: results when the vote closes",
        },
        "floor.paper": {"vi": "Nhập kết quả kiểm phiếu giấy", "en": "Enter a paper count"},
        "floor.paper_note": {"vi": "Ghi chú của Ban kiểm phiếu", "en": "Counting committee's note"},
        "floor.save": {"vi": "Lưu", "en": "Save"},
        "floor.record_pdf": {"vi": "Biên bản kiểm phiếu (PDF)", "en": "Vote record (PDF)"},
        "floor.record_to_sign": {
            "vi": "Đưa biên bản vào tài liệu kỳ họp để ký số",
            "en": "Add the record to the meeting's documents for signing",
        },
        "floor.speakers": {"vi": "Đăng ký phát biểu", "en": "Speakers"},
        "floor.speaking": {"vi": "Đang phát biểu", "en": "Speaking"},
        "floor.no_speaker": {"vi": "Chưa có đại biểu phát biểu", "en": "No one is speaking"},
        "floor.time_left": {"vi": "Thời gian còn lại", "en": "Time left"},
        "floor.give_floor": {"vi": "Mời phát biểu", "en": "Give the floor"},
        "floor.finish": {"vi": "Kết thúc", "en": "Finish"},
        "floor.move_up": {"vi": "Lên trước", "en": "Move up"},
        "floor.seconds": {"vi": "Thời lượng (giây)", "en": "Time (seconds)"},
        "floor.kind.speak": {"vi": "Phát biểu", "en": "Speak"},
        "floor.kind.question": {"vi": "Chất vấn", "en": "Question"},
        "floor.check_in": {"vi": "Điểm danh có mặt", "en": "Check in"},
        "floor.checked_in": {"vi": "Đã điểm danh có mặt", "en": "Checked in"},
        "floor.ask_to_speak": {"vi": "Đăng ký phát biểu", "en": "Ask to speak"},
        "floor.ask_to_question": {"vi": "Đăng ký chất vấn", "en": "Ask a question"},
        "floor.asked_to_speak": {"vi": "Đã đăng ký, chờ chủ tọa mời", "en": "Registered"},
        "floor.session": {"vi": "Phiên họp", "en": "Session floor"},
        "floor.error": {
            "vi": "Không gửi được, đang thử lại…",
            "en": "Could not send, retrying…",
        },
        "floor.offline": {
            "vi": "Không có mạng: chưa gửi được. Hãy thử lại khi có mạng.",
            "en": "No network: not sent. Try again once connected.",
        },
        "floor.reconnecting": {
            "vi": "Mất kết nối trực tiếp, đang kết nối lại… Số liệu trên màn hình có thể chưa mới.",
            "en": "Live connection lost, reconnecting… The figures shown may be out of date.",
        },
        "floor.exports": {"vi": "Xuất dữ liệu", "en": "Exports"},
        "floor.send_ballot": {"vi": "Gửi phiếu", "en": "Cast the ballot"},
        "portal.published": {"vi": "Đã công bố", "en": "Published"},
        "portal.publish": {"vi": "Công bố lên cổng thông tin", "en": "Publish"},
        "portal.unpublish": {"vi": "Thu hồi công bố", "en": "Withdraw"},
        "ok.document_published": {"vi": "Đã công bố tài liệu.", "en": "Document published."},
        "ok.document_unpublished": {
            "vi": "Đã thu hồi công bố tài liệu.",
            "en": "Publication withdrawn.",
        },
        "audit.document.purged_secret": {
            "vi": "Xóa tài liệu có dấu mật (phát hiện khi nhận dạng chữ bản quét)",
            "en": "Document with a secrecy mark removed (found by OCR of a scan)",
        },
        "job.ocr.pending": {"vi": "Chờ nhận dạng chữ (OCR)", "en": "Waiting for OCR"},
        "job.ocr.running": {"vi": "Đang nhận dạng chữ (OCR)…", "en": "OCR running…"},
        "job.ocr.done": {"vi": "Đã nhận dạng chữ", "en": "OCR done"},
        "job.ocr.failed": {"vi": "Không nhận dạng được chữ", "en": "OCR failed"},
        "portal.search": {"vi": "Tìm văn bản", "en": "Search documents"},
        "portal.search_hint": {
            "vi": "Ví dụ: chuyen doi so (gõ không dấu cũng được)",
            "en": "e.g. chuyen doi so (diacritics optional)",
        },
        "portal.search_submit": {"vi": "Tìm", "en": "Search"},
        "portal.found": {"vi": "Kết quả tìm kiếm", "en": "Results"},
        "portal.latest": {"vi": "Văn bản mới công bố", "en": "Latest published"},
        "portal.verify": {"vi": "Kiểm tra chữ ký số", "en": "Verify signature"},
        "portal.meetings": {"vi": "Các kỳ họp", "en": "Meetings"},
        "portal.open_data": {"vi": "Dữ liệu mở", "en": "Open data"},
        "portal.widget_hint": {
            "vi": "Nhúng danh sách nghị quyết mới vào trang thông tin điện tử của xã:",
            "en": "Embed the latest resolutions in the commune website:",
        },
        "portal.votes": {"vi": "Kết quả biểu quyết", "en": "Vote results"},
        "portal.who_voted": {"vi": "Biểu quyết của từng đại biểu", "en": "How each delegate voted"},
        "portal.council_page": {"vi": "Trang của Hội đồng", "en": "The council's page"},
        "portal.feed_description": {
            "vi": "Văn bản, nghị quyết công bố của {council}",
            "en": "Documents and resolutions published by {council}",
        },
        "documents.not_publishable": {
            "vi": "Chỉ công bố được tài liệu thuộc loại công khai.",
            "en": "Only documents of the public class can be published.",
        },
        "documents.not_issued_yet": {
            "vi": "Nghị quyết chỉ được công bố sau khi đã ký số và ban hành.",
            "en": "A resolution is published once it is signed and issued.",
        },
        "audit.document.published": {"vi": "Công bố tài liệu", "en": "Document published"},
        "audit.document.unpublished": {"vi": "Thu hồi công bố", "en": "Publication withdrawn"},
        "floor.scan_to_check_in": {
            "vi": "Quét mã để điểm danh",
            "en": "Scan to check in",
        },
        "voting.bad_hall_code": {
            "vi": "Mã điểm danh tại hội trường không đúng; hãy quét lại mã trên màn hình.",
            "en": "Wrong hall check-in code; scan the code on the screen again.",
        },
        "floor.waiting": {"vi": "Đang chờ", "en": "Waiting"},
        "floor.minutes": {"vi": "Dự thảo biên bản kỳ họp", "en": "Draft minutes"},
        "choice.approve": {"vi": "Tán thành", "en": "Approve"},
        "choice.against": {"vi": "Không tán thành", "en": "Against"},
        "choice.abstain": {"vi": "Không biểu quyết", "en": "Abstain"},
        "choice.high": {"vi": "Tín nhiệm cao", "en": "High confidence"},
        "choice.medium": {"vi": "Tín nhiệm", "en": "Confidence"},
        "choice.low": {"vi": "Tín nhiệm thấp", "en": "Low confidence"},
        "choice.not_voted": {"vi": "Chưa biểu quyết", "en": "Not voted"},
    }
)

# Official records: written in Vietnamese (the English texts are for translators' reference).
MESSAGES.update(
    {
        "record.title": {"vi": "BIÊN BẢN KIỂM PHIẾU", "en": "VOTE RECORD"},
        "record.meeting": {"vi": "Kỳ họp: {title}.", "en": "Meeting: {title}."},
        "record.time": {
            "vi": "Thời gian biểu quyết: từ {opened} đến {closed} (giờ Việt Nam).",
            "en": "Voting time: from {opened} to {closed} (Viet Nam time).",
        },
        "record.question": {
            "vi": "Nội dung biểu quyết: {question}.",
            "en": "Question: {question}.",
        },
        "record.form": {
            "vi": "Hình thức biểu quyết: {ballot}; tỷ lệ cần đạt: {threshold}.",
            "en": "Ballot: {ballot}; threshold: {threshold}.",
        },
        "record.turnout": {
            "vi": "Tổng số đại biểu Hội đồng nhân dân: {total}; số đại biểu có mặt: {present}; "
            "số đại biểu đã biểu quyết: {cast}.",
            "en": "Delegates of the council: {total}; present: {present}; voted: {cast}.",
        },
        "record.count": {
            "vi": "{choice}: {n} đại biểu, bằng {pct}% tổng số đại biểu",
            "en": "{choice}: {n} delegates, {pct}% of all delegates",
        },
        "record.outcome": {"vi": "Kết quả: {outcome}.", "en": "Outcome: {outcome}."},
        "record.named": {"vi": "Đại biểu {choice}: {names}.", "en": "{choice}: {names}."},
        "record.paper": {
            "vi": "Kết quả do Ban kiểm phiếu kiểm đếm trên phiếu giấy. Ghi chú: {note}.",
            "en": "Counted on paper by the counting committee. Note: {note}.",
        },
        "record.document_title": {
            "vi": "Biên bản kiểm phiếu: {question}",
            "en": "Vote record: {question}",
        },
        "minutes.document_title": {
            "vi": "Biên bản kỳ họp (dự thảo): {title}",
            "en": "Draft minutes: {title}",
        },
    }
)

MESSAGES.update(
    {
        "minutes.title": {"vi": "BIÊN BẢN KỲ HỌP", "en": "MINUTES"},
        "minutes.when_where": {"vi": "I. Thời gian, địa điểm", "en": "I. Time and place"},
        "minutes.when_where_text": {
            "vi": "Kỳ họp bắt đầu lúc {when} tại {where}.",
            "en": "The meeting began at {when} in {where}.",
        },
        "minutes.attendance": {"vi": "II. Thành phần tham dự", "en": "II. Attendance"},
        "minutes.attendance_text": {
            "vi": "Tổng số đại biểu Hội đồng nhân dân: {total}; số đại biểu có mặt: {present}.",
            "en": "Delegates of the council: {total}; present: {present}.",
        },
        "minutes.proceedings": {"vi": "III. Nội dung kỳ họp", "en": "III. Proceedings"},
        "minutes.other": {"vi": "Nội dung khác", "en": "Other business"},
        "minutes.secretary": {"vi": "THƯ KÝ KỲ HỌP", "en": "SECRETARY"},
    }
)

MESSAGES.update(
    {
        "export.full_name": {"vi": "Họ và tên", "en": "Full name"},
        "export.position": {"vi": "Chức vụ", "en": "Position"},
        "export.presence": {"vi": "Điểm danh", "en": "Attendance"},
        "export.method": {"vi": "Cách điểm danh", "en": "How"},
        "export.method.device": {"vi": "Trên thiết bị", "en": "Own device"},
        "export.method.hall_qr": {"vi": "Quét mã tại hội trường", "en": "Hall QR"},
        "export.method.clerk": {"vi": "Văn phòng ghi nhận", "en": "Marked by the office"},
        "export.reason": {"vi": "Lý do", "en": "Reason"},
        "export.at": {"vi": "Thời điểm", "en": "Time"},
        "export.question": {"vi": "Nội dung biểu quyết", "en": "Question"},
        "export.ballot": {"vi": "Hình thức", "en": "Ballot"},
        "export.threshold": {"vi": "Tỷ lệ cần đạt", "en": "Threshold"},
        "export.status": {"vi": "Trạng thái", "en": "Status"},
        "export.total": {"vi": "Tổng số đại biểu", "en": "Delegates"},
        "export.present": {"vi": "Có mặt", "en": "Present"},
        "export.cast": {"vi": "Đã biểu quyết", "en": "Voted"},
        "export.passed": {"vi": "Kết quả", "en": "Outcome"},
        "export.named": {"vi": "Biểu quyết của từng đại biểu", "en": "Named ballots"},
        "export.sheet.attendance": {"vi": "Điểm danh", "en": "Attendance"},
        "export.sheet.votes": {"vi": "Biểu quyết", "en": "Votes"},
    }
)

# Invitations and reminders: official correspondence, in Vietnamese.
MESSAGES.update(
    {
        "notify.link_locked_subject": {
            "vi": "Đường dẫn truy cập tài liệu của bạn đã bị khóa",
            "en": "Your access link has been locked",
        },
        "notify.link_locked_body": {
            "vi": "Kính gửi {name},\n\nĐường dẫn (mã QR) truy cập tài liệu kỳ họp của bạn vừa bị khóa lúc "
            "{when} vì mã PIN bị nhập sai nhiều lần trên thiết bị mới. Các thiết bị bạn đang dùng "
            "vẫn đọc được tài liệu.\n\nNếu không phải bạn nhập, có thể ai đó đang dùng mã QR của bạn: "
            "hãy báo Văn phòng HĐND để mở khóa hoặc cấp mã QR mới.\n",
            "en": "Dear {name},\n\nYour access link (QR code) was locked at {when} after too many "
            "wrong PINs on a new device. Devices you already use keep working.\n\nIf it was not "
            "you, someone may have your QR code: ask the council office to unlock it or issue a "
            "new one.\n",
        },
        "notify.password_reset_subject": {
            "vi": "Mật khẩu tài khoản của bạn vừa được đặt lại",
            "en": "Your account's password was reset",
        },
        "notify.password_reset_body": {
            "vi": "Kính gửi {name},\n\nMật khẩu tài khoản Kỳ Họp Số của bạn vừa được {by} đặt lại lúc "
            "{when}. Các phiên đăng nhập cũ đã kết thúc.\n\nNếu bạn không đề nghị việc này, hãy báo "
            "ngay cho Văn phòng HĐND hoặc quản trị hệ thống.\n",
            "en": "Dear {name},\n\nYour Kỳ Họp Số password was reset by {by} at {when}. Earlier "
            "sessions have ended.\n\nIf you did not ask for this, tell the council office or the "
            "administrator at once.\n",
        },
        "notify.invitation_subject": {
            "vi": "Giấy mời dự {title}",
            "en": "Invitation: {title}",
        },
        "notify.opinion_request_subject": {
            "vi": "Đề nghị cho ý kiến: {title}",
            "en": "Your opinion is asked: {title}",
        },
        "notify.opinion_request_body": {
            "vi": "Kính gửi {name},\n\nThường trực Hội đồng nhân dân đề nghị đại biểu cho ý kiến về: {title}."
            "\nHạn trả lời: {deadline}.\n\nĐại biểu xem tài liệu và trả lời trên điện thoại qua "
            "đường dẫn riêng (không chuyển cho người khác); có thể sửa ý kiến đến hạn:\n{url}\n",
            "en": "Dear {name},\n\nThe council's Standing Committee asks for your opinion on: {title}."
            "\nAnswer by: {deadline}.\n\nRead the documents and answer on your phone through "
            "your personal link (do not pass it on); you may change your answer until then:\n{url}\n",
        },
        "notify.opinion_reminder_subject": {
            "vi": "Nhắc cho ý kiến: {title}",
            "en": "Reminder, your opinion: {title}",
        },
        "notify.opinion_reminder_body": {
            "vi": "Kính gửi {name},\n\nĐại biểu chưa gửi ý kiến về: {title}. Hạn trả lời: {deadline}."
            "\n\nĐường dẫn riêng của đại biểu:\n{url}\n",
            "en": "Dear {name},\n\nYou have not yet answered: {title}. Answer by: {deadline}."
            "\n\nYour personal link:\n{url}\n",
        },
        "audit.opinion.created": {"vi": "Tạo phiếu lấy ý kiến", "en": "Opinion form created"},
        "audit.opinion.sent": {"vi": "Gửi phiếu lấy ý kiến", "en": "Opinion form sent"},
        "audit.opinion.reminded": {"vi": "Nhắc đại biểu chưa trả lời", "en": "Reminder sent"},
        "audit.opinion.reported": {
            "vi": "Lập báo cáo kết quả lấy ý kiến",
            "en": "Opinion report filed",
        },
        "opinions.office_title": {
            "vi": "Lấy ý kiến đại biểu bằng văn bản",
            "en": "Written opinions",
        },
        "opinions.office_intro": {
            "vi": "Giữa hai kỳ họp, Thường trực HĐND xin ý kiến đại biểu về dự thảo, hoặc quyết định bằng hình thức lấy ý kiến: đại biểu trả lời trên điện thoại qua đường dẫn riêng, không cần có mặt.",
            "en": "Between sessions the Standing Committee asks the delegates for their opinion on drafts, or for a decision: they answer on their phones through their own link, present nowhere.",
        },
        "opinions.forms": {"vi": "Các phiếu lấy ý kiến", "en": "Opinion forms"},
        "opinions.form_title": {"vi": "Nội dung xin ý kiến", "en": "Subject"},
        "opinions.deadline": {"vi": "Hạn trả lời", "en": "Deadline"},
        "opinions.answered_of": {"vi": "Đã trả lời", "en": "Answered"},
        "opinions.status.draft": {"vi": "Chưa gửi", "en": "Not sent"},
        "opinions.status.open": {"vi": "Đang lấy ý kiến", "en": "Open"},
        "opinions.status.closed": {"vi": "Đã hết hạn", "en": "Closed"},
        "opinions.status.reported": {"vi": "Đã lập báo cáo", "en": "Reported"},
        "opinions.secret_short": {"vi": "Phiếu kín", "en": "Secret"},
        "opinions.none": {"vi": "Chưa có phiếu lấy ý kiến nào.", "en": "No opinion forms yet."},
        "opinions.new": {"vi": "Tạo phiếu lấy ý kiến", "en": "New opinion form"},
        "opinions.title_example": {
            "vi": "Lấy ý kiến về dự thảo Nghị quyết quy định mức thu phí…",
            "en": "Opinions on the draft resolution on fees…",
        },
        "opinions.choice_questions": {
            "vi": "Câu hỏi Đồng ý / Không đồng ý / Ý kiến khác (mỗi dòng một câu)",
            "en": "Agree / disagree / other questions (one per line)",
        },
        "opinions.choice_example": {
            "vi": "Đại biểu có đồng ý thông qua dự thảo Nghị quyết?",
            "en": "Do you agree with the draft resolution?",
        },
        "opinions.text_questions": {
            "vi": "Câu hỏi ghi ý kiến (mỗi dòng một câu)",
            "en": "Questions answered in words (one per line)",
        },
        "opinions.text_example": {"vi": "Góp ý khác của đại biểu", "en": "Other comments"},
        "opinions.options": {"vi": "Hình thức", "en": "Options"},
        "opinions.secret_option": {
            "vi": "Phiếu kín: không ai biết đại biểu nào trả lời thế nào, kể cả người quản trị cơ sở dữ liệu",
            "en": "Secret: no one can tell who answered what, not even the database administrator",
        },
        "opinions.decides_option": {
            "vi": "Quyết định bằng hình thức lấy ý kiến: tính trên tổng số đại biểu HĐND",
            "en": "A decision by written opinion: counted against all delegates",
        },
        "opinions.shared_option": {
            "vi": "Đại biểu xem được góp ý của nhau",
            "en": "Delegates see each other's comments",
        },
        "opinions.drafts": {"vi": "Tài liệu xin ý kiến", "en": "Documents"},
        "opinions.no_drafts": {
            "vi": "Chưa có dự thảo, tờ trình hay báo cáo trong các kỳ họp.",
            "en": "No draft, proposal or report in the meetings yet.",
        },
        "opinions.asked": {"vi": "Đại biểu được lấy ý kiến", "en": "Delegates asked"},
        "opinions.create": {"vi": "Tạo phiếu", "en": "Create"},
        "opinions.decides_short": {"vi": "quyết định bằng văn bản", "en": "a decision"},
        "opinions.send": {"vi": "Gửi phiếu cho đại biểu", "en": "Send to the delegates"},
        "opinions.send_hint": {
            "vi": "Mỗi đại biểu nhận đường dẫn riêng qua thư điện tử hoặc Zalo.",
            "en": "Each delegate gets a personal link by e-mail or Zalo.",
        },
        "opinions.remind": {
            "vi": "Nhắc {n} đại biểu chưa trả lời",
            "en": "Remind the {n} who have not answered",
        },
        "opinions.secret_names_hint": {
            "vi": "Phiếu kín: chỉ hiện số đại biểu đã trả lời, không hiện tên.",
            "en": "Secret form: how many answered, not who.",
        },
        "opinions.results": {"vi": "Kết quả", "en": "Results"},
        "opinions.totals_later": {
            "vi": "Kết quả được tổng hợp sau khi hết hạn trả lời.",
            "en": "The count comes after the deadline.",
        },
        "opinions.decision": {
            "vi": "Tán thành {n}/{total} tổng số đại biểu:",
            "en": "Approved by {n}/{total} delegates:",
        },
        "opinions.report_filed": {
            "vi": "Báo cáo đã lưu vào tài liệu để cấp số và ký số",
            "en": "The report is filed, to number and sign",
        },
        "opinions.make_report": {
            "vi": "Lập báo cáo kết quả (DOCX, PDF để ký)",
            "en": "Make the report (DOCX, PDF to sign)",
        },
        "opinions.no_comments": {"vi": "Chưa có góp ý.", "en": "No comments yet."},
        "opinions.thanks": {
            "vi": "Đã ghi nhận ý kiến của đại biểu. Có thể sửa đến hạn trả lời.",
            "en": "Your answer is recorded. You may change it until the deadline.",
        },
        "opinions.answered_already": {"vi": "Đã trả lời", "en": "Answered"},
        "opinions.not_yet": {"vi": "Chưa trả lời", "en": "Not answered yet"},
        "opinions.secret_replace": {
            "vi": "Phiếu kín: gửi lại sẽ thay toàn bộ ý kiến trước.",
            "en": "Secret form: sending again replaces your whole earlier answer.",
        },
        "opinions.other_text": {
            "vi": "Ý kiến cụ thể (bắt buộc khi chọn «Ý kiến khác»)",
            "en": "Your words (needed for «Other»)",
        },
        "opinions.comment_hint": {
            "vi": "Góp ý vào điều, khoản hoặc trang của dự thảo; để trống nếu không có.",
            "en": "Comment on an article or page of a draft; leave empty if none.",
        },
        "opinions.comment_n": {"vi": "Góp ý {n}", "en": "Comment {n}"},
        "opinions.on_document": {"vi": "Tài liệu", "en": "Document"},
        "opinions.article": {"vi": "Điều, khoản", "en": "Article"},
        "opinions.article_example": {"vi": "Điều 3", "en": "Article 3"},
        "opinions.page_field": {"vi": "Trang", "en": "Page"},
        "opinions.comment_text": {"vi": "Nội dung góp ý", "en": "Comment"},
        "opinions.submit": {"vi": "Gửi ý kiến", "en": "Send my answer"},
        "opinions.closed_note": {
            "vi": "Đã hết hạn trả lời phiếu này.",
            "en": "This form's deadline has passed.",
        },
        "opinions.comments_seen": {"vi": "Góp ý đã gửi", "en": "Comments"},
        "opinions.asked_of_me": {"vi": "Phiếu lấy ý kiến", "en": "Opinion forms"},
        "opinions.not_a_recipient": {
            "vi": "Chỉ lấy ý kiến đại biểu đương nhiệm của Hội đồng: có người trong danh sách không phải.",
            "en": "Only serving delegates of the council can be asked: someone listed is not one.",
        },
        "opinions.documents_apart": {
            "vi": "Các tài liệu xin ý kiến phải thuộc cùng một kỳ họp hoặc phiên họp của Hội đồng này.",
            "en": "The documents asked about must belong to one meeting of this council.",
        },
        "opinions.deadline_passed": {
            "vi": "Đã quá hạn trả lời (hoặc hạn đặt ở quá khứ): không nhận thêm ý kiến.",
            "en": "The deadline has passed (or was set in the past): no more answers.",
        },
        "opinions.still_open": {
            "vi": "Chưa hết hạn trả lời: kết quả được tổng hợp sau hạn.",
            "en": "The form is still open: the count comes after the deadline.",
        },
        "opinions.wrong_status": {
            "vi": "Phiếu lấy ý kiến không ở trạng thái cho phép thao tác này.",
            "en": "The form is not in a state that allows this.",
        },
        "opinions.bad_answers": {
            "vi": "Ý kiến chưa hợp lệ: trả lời mỗi câu hỏi một lần; chọn «Ý kiến khác» thì ghi rõ ý kiến.",
            "en": "Invalid answers: answer each question once; «Other» needs its text.",
        },
        "meetings.no_standing_committee": {
            "vi": "Hội đồng chưa có Thường trực trong danh bạ để lưu báo cáo: thêm Thường trực HĐND vào danh bạ.",
            "en": "The council has no Standing Committee to file the report with: add it to the directory.",
        },
        "opinions.unreadable": {
            "vi": "Không mở được phiếu kín để tổng hợp: khóa bí mật của hệ thống (KYHOP_SECRET_KEY) đã thay đổi.",
            "en": "The sealed answers cannot be opened: KYHOP_SECRET_KEY changed.",
        },
        "opinions.filing_meeting": {
            "vi": "Thường trực HĐND – kết quả lấy ý kiến: {title}",
            "en": "Standing Committee – opinion results: {title}",
        },
        "opinions.report_title": {
            "vi": "BÁO CÁO KẾT QUẢ LẤY Ý KIẾN ĐẠI BIỂU BẰNG VĂN BẢN",
            "en": "REPORT ON WRITTEN OPINIONS OF DELEGATES",
        },
        "opinions.report_document_title": {
            "vi": "Báo cáo kết quả lấy ý kiến: {title}",
            "en": "Opinion report: {title}",
        },
        "opinions.report_summary": {
            "vi": "Hạn trả lời: {deadline}. Số đại biểu được lấy ý kiến: {asked}; đã trả lời: {answered} ({pct}%). Hình thức: {secret}.",
            "en": "Deadline: {deadline}. Delegates asked: {asked}; answered: {answered} ({pct}%). Form: {secret}.",
        },
        "opinions.report_count": {
            "vi": "{choice}: {n}/{asked} đại biểu được lấy ý kiến ({pct}%)",
            "en": "{choice}: {n}/{asked} delegates asked ({pct}%)",
        },
        "opinions.report_decision": {
            "vi": "Tán thành {n}/{total} đại biểu Hội đồng ({pct}%): {outcome}.",
            "en": "Approved by {n}/{total} delegates of the council ({pct}%): {outcome}.",
        },
        "opinions.secret": {"vi": "phiếu kín, không ghi tên", "en": "secret, unnamed"},
        "opinions.named": {"vi": "phiếu ghi tên", "en": "named"},
        "opinions.choice.approve": {"vi": "Đồng ý", "en": "Agree"},
        "opinions.choice.against": {"vi": "Không đồng ý", "en": "Disagree"},
        "opinions.choice.other": {"vi": "Ý kiến khác", "en": "Other opinion"},
        "opinions.answered_list": {"vi": "Đại biểu đã trả lời", "en": "Answered"},
        "opinions.not_answered_list": {"vi": "Đại biểu chưa trả lời", "en": "Not answered"},
        "opinions.comments": {"vi": "Góp ý vào dự thảo", "en": "Comments on the drafts"},
        "opinions.page": {"vi": "trang {page}", "en": "page {page}"},
        "notify.invitation_body": {
            "vi": "Kính gửi {name},\n\nHội đồng nhân dân trân trọng kính mời đại biểu dự {title}"
            "\nThời gian: {when}\nĐịa điểm: {where}\n\nChương trình:\n{agenda}\n\n"
            "Tài liệu kỳ họp (trừ tài liệu mật) xem trên điện thoại hoặc máy tính bảng qua "
            "đường dẫn riêng của đại biểu (không chuyển cho người khác):\n{url}\n",
            "en": "Dear {name},\n\nYou are invited to {title}\nTime: {when}\nPlace: {where}\n\n"
            "Programme:\n{agenda}\n\nYour personal link to the documents (do not share):\n"
            "{url}\n",
        },
        "notify.packet_subject": {
            "vi": "Tài liệu {title} đã được cập nhật",
            "en": "New documents for {title}",
        },
        "notify.packet_body": {
            "vi": "Kính gửi {name},\n\nTài liệu của {title} vừa được bổ sung hoặc cập nhật. "
            "Đại biểu xem tại: {url}\n",
            "en": "Dear {name},\n\nThe documents of {title} have changed: {url}\n",
        },
        "notify.reminder_subject": {
            "vi": "Nhắc lịch: {title}",
            "en": "Reminder: {title}",
        },
        "notify.reminder_body": {
            "vi": "Kính gửi {name},\n\n{title} sẽ diễn ra lúc {when}. Tài liệu: {url}\n",
            "en": "Dear {name},\n\n{title} takes place at {when}. Documents: {url}\n",
        },
        "notify.delivery": {
            "vi": "Thông báo: đã gửi {sent}, đang chờ gửi {pending}, lỗi {failed}",
            "en": "Notifications: {sent} sent, {pending} waiting, {failed} failed",
        },
        "notify.petition_update_subject": {
            "vi": "Kiến nghị {code} có kết quả",
            "en": "Petition {code} has an outcome",
        },
        "notify.petition_update_body": {
            "vi": "Kiến nghị mã {code} của ông/bà: {status}. Xem nội dung tại {url}",
            "en": "Your petition {code}: {status}. See it at {url}",
        },
        "notify.delivered": {
            "vi": "({delivered} tin Zalo đã đến máy người nhận)",
            "en": "({delivered} Zalo messages reached the phone)",
        },
        "notify.error.bad_zalo_signature": {
            "vi": "Sự kiện không có chữ ký hợp lệ của Zalo.",
            "en": "The event is not validly signed by Zalo.",
        },
    }
)

MESSAGES.update(
    {
        "petitions.wrong_status": {
            "vi": "Không thực hiện được ở trạng thái hiện tại của kiến nghị.",
            "en": "Not possible in the petition's current state.",
        },
        "petitions.bad_agency": {
            "vi": "Cơ quan giải quyết không thuộc Hội đồng này.",
            "en": "That agency does not belong to this council.",
        },
        "petitions.spam_suspected": {
            "vi": "Không gửi được kiến nghị. Vui lòng thử lại.",
            "en": "The petition could not be sent. Please try again.",
        },
        "petitions.overdue_subject": {
            "vi": "Kiến nghị cử tri {code} đã quá hạn trả lời",
            "en": "Voter petition {code} is overdue",
        },
        "petitions.overdue_body": {
            "vi": "Kính gửi {agency},\n\nKiến nghị cử tri mã {code} được giao trả lời trước ngày "
            "{due} nhưng chưa có trả lời.\n\nNội dung: {content}\n",
            "en": "To {agency},\n\nVoter petition {code} was due for an answer by {due}.\n\n"
            "Content: {content}\n",
        },
        "petitions.field.land": {"vi": "Đất đai", "en": "Land"},
        "petitions.field.infrastructure": {"vi": "Hạ tầng, giao thông", "en": "Infrastructure"},
        "petitions.field.welfare": {"vi": "An sinh xã hội", "en": "Social welfare"},
        "petitions.field.environment": {"vi": "Môi trường", "en": "Environment"},
        "petitions.field.health_education": {"vi": "Y tế, giáo dục", "en": "Health, education"},
        "petitions.field.other": {"vi": "Lĩnh vực khác", "en": "Other"},
        "audit.petition.batch_added": {"vi": "Nhập kiến nghị cử tri", "en": "Petitions entered"},
        "audit.petition.assigned": {"vi": "Giao giải quyết kiến nghị", "en": "Petition assigned"},
        "audit.petition.answered": {"vi": "Ghi nhận trả lời kiến nghị", "en": "Petition answered"},
        "audit.petition.resolved": {"vi": "Kiến nghị đã giải quyết", "en": "Petition resolved"},
        "audit.petition.rejected": {
            "vi": "Kiến nghị không được tiếp nhận",
            "en": "Petition rejected",
        },
        "audit.petition.grouped": {"vi": "Gộp kiến nghị trùng", "en": "Duplicate petition grouped"},
        "audit.petition.personal_data_exported": {
            "vi": "Trích xuất dữ liệu cá nhân người kiến nghị",
            "en": "Petitioner’s personal data exported",
        },
        "audit.petition.personal_data_erased": {
            "vi": "Xóa dữ liệu cá nhân người kiến nghị",
            "en": "Petitioner’s personal data erased",
        },
        "petitions.bad_duplicate": {
            "vi": "Kiến nghị gốc không hợp lệ.",
            "en": "That original petition is not valid.",
        },
        "petitions.handled_with_group": {
            "vi": "Kiến nghị này được gộp với kiến nghị khác; hãy xử lý kiến nghị gốc.",
            "en": "This petition is grouped with another; handle the original.",
        },
        "petitions.public_title": {"vi": "Kiến nghị cử tri", "en": "Voters’ petitions"},
        "petitions.privacy_note": {
            "vi": "Họ tên và số điện thoại/email của ông/bà chỉ cán bộ Văn phòng được xem để liên hệ; không công khai trên trang này.",
            "en": "Your name and contact are seen only by the council office, to reach you; they are never published.",
        },
        "petitions.name": {"vi": "Họ và tên", "en": "Full name"},
        "petitions.contact": {"vi": "Số điện thoại hoặc email", "en": "Phone or e-mail"},
        "petitions.area": {"vi": "Thôn, tổ dân phố", "en": "Hamlet / neighbourhood"},
        "petitions.field": {"vi": "Lĩnh vực", "en": "Field"},
        "petitions.all_fields": {"vi": "Mọi lĩnh vực", "en": "All fields"},
        "petitions.content": {"vi": "Nội dung kiến nghị", "en": "Petition"},
        "petitions.submit": {"vi": "Gửi kiến nghị", "en": "Send the petition"},
        "petitions.track": {
            "vi": "Tra cứu kiến nghị theo mã",
            "en": "Track a petition by its code",
        },
        "petitions.answered": {"vi": "Kiến nghị đã được trả lời", "en": "Answered petitions"},
        "petitions.none_answered": {
            "vi": "Chưa có kiến nghị nào được trả lời.",
            "en": "No petition has been answered yet.",
        },
        "petitions.thanks": {
            "vi": "Đã nhận kiến nghị. Ông/bà hãy ghi lại mã tra cứu {code} để theo dõi kết quả.",
            "en": "Your petition was received. Keep the code {code} to follow it.",
        },
        "petitions.code": {"vi": "Mã tra cứu", "en": "Tracking code"},
        "petitions.status": {"vi": "Trạng thái", "en": "Status"},
        "petitions.status.received": {"vi": "Đã tiếp nhận", "en": "Received"},
        "petitions.status.assigned": {"vi": "Đang giải quyết", "en": "Assigned"},
        "petitions.status.answered": {"vi": "Đã trả lời", "en": "Answered"},
        "petitions.status.resolved": {"vi": "Đã giải quyết xong", "en": "Resolved"},
        "petitions.status.rejected": {"vi": "Không tiếp nhận", "en": "Not accepted"},
        "petitions.agency": {"vi": "Cơ quan giải quyết", "en": "Responsible agency"},
        "petitions.answer": {"vi": "Trả lời", "en": "Answer"},
        "petitions.reject_reason": {
            "vi": "Lý do không tiếp nhận",
            "en": "Reason for not accepting",
        },
        "petitions.office_title": {
            "vi": "Kiến nghị cử tri và kiến nghị sau giám sát",
            "en": "Voters’ petitions and supervision follow-up",
        },
        "petitions.stats": {"vi": "Thống kê", "en": "Statistics"},
        "petitions.overdue_count": {"vi": "{n} kiến nghị quá hạn", "en": "{n} overdue"},
        "petitions.overdue": {"vi": "Quá hạn", "en": "Overdue"},
        "petitions.chart_field": {"vi": "Kiến nghị theo lĩnh vực", "en": "Petitions by field"},
        "petitions.chart_agency": {
            "vi": "Kiến nghị theo cơ quan giải quyết",
            "en": "Petitions by agency",
        },
        "petitions.chart_total": {"vi": "Tiếp nhận", "en": "Received"},
        "petitions.chart_on_time": {"vi": "Trả lời đúng hạn", "en": "Answered on time"},
        "petitions.agencies": {"vi": "Cơ quan giải quyết", "en": "Agencies"},
        "petitions.petitioner": {"vi": "Người kiến nghị", "en": "Petitioner"},
        "petitions.due": {"vi": "Hạn", "en": "Due"},
        "petitions.assign": {"vi": "Giao", "en": "Assign"},
        "petitions.record_answer": {"vi": "Ghi nhận trả lời", "en": "Record the answer"},
        "petitions.resolve": {"vi": "Đã giải quyết xong", "en": "Mark resolved"},
        "petitions.reject": {"vi": "Không tiếp nhận", "en": "Do not accept"},
        "petitions.none": {"vi": "Chưa có kiến nghị.", "en": "No petitions yet."},
        "petitions.add_batch": {
            "vi": "Nhập kiến nghị từ tiếp xúc cử tri hoặc giám sát",
            "en": "Enter petitions from a voter meeting or a supervision",
        },
        "petitions.add_batch_hint": {
            "vi": "Mỗi dòng là một kiến nghị.",
            "en": "One petition per line.",
        },
        "petitions.batch_lines": {"vi": "Các kiến nghị", "en": "Petitions"},
        "petitions.source": {"vi": "Nguồn", "en": "Source"},
        "petitions.source.online": {"vi": "Cổng thông tin", "en": "Online form"},
        "petitions.source.voter_meeting": {"vi": "Tiếp xúc cử tri", "en": "Voter meeting"},
        "petitions.source.supervision": {"vi": "Sau giám sát", "en": "After supervision"},
        "petitions.supervision": {"vi": "Cuộc giám sát", "en": "Supervision"},
        "petitions.report_link": {"vi": "Báo cáo giám sát", "en": "Supervision report"},
        "petitions.grouped_with": {"vi": "Gộp với {code}", "en": "Grouped with {code}"},
        "petitions.group_under": {"vi": "Gộp vào kiến nghị", "en": "Group under"},
        "petitions.choose_original": {"vi": "— Chọn kiến nghị —", "en": "— Choose a petition —"},
        "petitions.personal_data": {"vi": "Dữ liệu cá nhân", "en": "Personal data"},
        "petitions.personal_data_hint": {
            "vi": "Theo yêu cầu của người kiến nghị (Nghị định 13/2023/NĐ-CP): xóa họ tên và liên hệ khỏi mọi kiến nghị của họ; nội dung và trả lời được giữ lại.",
            "en": "On the petitioner’s request (Decree 13/2023): erase their name and contact from all their petitions; contents and answers stay.",
        },
        "petitions.erase": {"vi": "Xóa dữ liệu cá nhân", "en": "Erase personal data"},
        "petitions.constituency": {
            "vi": "Kiến nghị của cử tri nơi ứng cử",
            "en": "Petitions from your constituency",
        },
        "petitions.report_title": {
            "vi": "Báo cáo kết quả giải quyết kiến nghị cử tri",
            "en": "Report on voters’ petitions handled",
        },
        "petitions.report_document_title": {
            "vi": "Báo cáo kết quả giải quyết kiến nghị cử tri trình {title}",
            "en": "Report on voters’ petitions handled, for {title}",
        },
        "petitions.report_hint": {
            "vi": "Các kiến nghị đã trả lời hoặc kết thúc từ kỳ họp trước đến nay.",
            "en": "Petitions answered or closed since the previous session.",
        },
        "petitions.report_draft": {"vi": "Bản nháp để chỉnh sửa", "en": "Draft to edit"},
        "petitions.report_add": {
            "vi": "Thêm vào tài liệu kỳ họp",
            "en": "Add to the meeting’s documents",
        },
        "petitions.report_from_start": {
            "vi": "khi bắt đầu theo dõi",
            "en": "the start of tracking",
        },
        "petitions.report_summary": {
            "vi": "Từ {since} đến nay đã giải quyết {total} kiến nghị: {answered} kiến nghị đã được trả lời, {rejected} kiến nghị không được tiếp nhận.",
            "en": "Since {since}, {total} petitions were handled: {answered} answered, {rejected} not accepted.",
        },
        "field.areas": {"vi": "Thôn, tổ dân phố (Tổ đại biểu)", "en": "Hamlets (delegate group)"},
    }
)

# --- oversight: supervisions, follow-up ------------------------------------------------------
MESSAGES.update(
    {
        "oversight.ends_before_start": {
            "vi": "Ngày kết thúc giám sát phải sau ngày bắt đầu.",
            "en": "A supervision ends after it starts.",
        },
        "oversight.not_an_issued_resolution": {
            "vi": "Chỉ theo dõi thực hiện nghị quyết đã ban hành.",
            "en": "Only an issued resolution has tasks to follow.",
        },
        "oversight.not_of_the_council": {
            "vi": "Thành viên đoàn giám sát phải là người của Hội đồng này.",
            "en": "The team's members are the council's own people.",
        },
        "oversight.team": {"vi": "Đoàn giám sát", "en": "Supervision team"},
        "oversight.team_role.head": {"vi": "Trưởng đoàn", "en": "Head"},
        "oversight.team_role.deputy": {"vi": "Phó Trưởng đoàn", "en": "Deputy head"},
        "oversight.team_role.member": {"vi": "Thành viên", "en": "Member"},
        "oversight.team_role.secretary": {"vi": "Thư ký", "en": "Secretary"},
        "oversight.no_team": {
            "vi": "Chưa có thành viên đoàn giám sát.",
            "en": "No team member yet.",
        },
        "oversight.sessions": {"vi": "Buổi làm việc", "en": "Working sessions"},
        "oversight.no_sessions": {"vi": "Chưa có buổi làm việc.", "en": "No working session yet."},
        "oversight.session_documents": {"vi": "{n} tài liệu", "en": "{n} documents"},
        "oversight.new_session": {"vi": "Thêm buổi làm việc", "en": "New working session"},
        "oversight.session_title": {"vi": "Nội dung buổi làm việc", "en": "Session"},
        "oversight.session_example": {
            "vi": "Làm việc với UBND xã về kết quả chuyển đổi số",
            "en": "Meeting the People's Committee on digital transformation",
        },
        "oversight.session_when": {"vi": "Thời gian", "en": "When"},
        "oversight.session_where": {"vi": "Địa điểm", "en": "Where"},
        "oversight.session_hint": {
            "vi": "Buổi làm việc là một cuộc họp của cơ quan chủ trì, mời đoàn giám sát; kế "
            "hoạch, quyết định thành lập đoàn, báo cáo của cơ quan và kết luận được tải lên như "
            "tài liệu cuộc họp, với cùng quy tắc phân loại và phạm vi.",
            "en": "A session is a meeting of the running body with the team invited; the plan, "
            "the decision, the agencies' reports and the conclusion are its documents, under "
            "the packet's classification and audience rules.",
        },
        "oversight.add_session": {"vi": "Tạo buổi làm việc", "en": "Add the session"},
        "oversight.follow_up_done": {
            "vi": "Nội dung này đã hoàn thành, không nhận thêm báo cáo.",
            "en": "This is done; no further reports are taken.",
        },
        "oversight.overdue_subject.request": {
            "vi": "Báo cáo, tài liệu phục vụ giám sát đã quá hạn gửi",
            "en": "A report asked for a supervision is overdue",
        },
        "oversight.overdue_subject.recommendation": {
            "vi": "Kiến nghị sau giám sát đã quá hạn thực hiện",
            "en": "A recommendation after supervision is overdue",
        },
        "oversight.overdue_subject.task": {
            "vi": "Nhiệm vụ thực hiện nghị quyết đã quá hạn",
            "en": "A resolution's task is overdue",
        },
        "oversight.overdue_body": {
            "vi": "Kính gửi {agency},\n\nNội dung sau được giao thực hiện trước ngày {due} nhưng "
            "chưa có báo cáo hoàn thành.\n\nNội dung: {content}\n",
            "en": "To {agency},\n\nThe following was due by {due} and is not reported done.\n\n"
            "Content: {content}\n",
        },
        "oversight.programme_title": {"vi": "Chương trình giám sát", "en": "Supervision programme"},
        "oversight.programme_intro": {
            "vi": "Các cuộc giám sát, khảo sát của Hội đồng, Thường trực và các Ban trong năm; "
            "kết luận và kiến nghị sau giám sát được theo dõi đến khi có kết quả.",
            "en": "The year's supervisions and surveys by the council, its Standing Committee "
            "and committees; conclusions and recommendations are followed to their results.",
        },
        "oversight.follow_up_title": {"vi": "Theo dõi thực hiện", "en": "Follow-up"},
        "oversight.follow_up_intro": {
            "vi": "Các nội dung quá hạn của kiến nghị sau giám sát, nhiệm vụ thực hiện nghị quyết "
            "và kiến nghị cử tri; nhiệm vụ của từng nghị quyết đã ban hành.",
            "en": "What is overdue across supervision recommendations, resolutions' tasks and "
            "voters' petitions; each issued resolution's tasks.",
        },
        "oversight.year": {"vi": "Năm", "en": "Year"},
        "oversight.show": {"vi": "Xem", "en": "Show"},
        "oversight.supervisions": {"vi": "Các cuộc giám sát", "en": "Supervisions"},
        "oversight.title": {"vi": "Tên cuộc giám sát", "en": "Title"},
        "oversight.title_example": {
            "vi": "Giám sát chuyên đề về chuyển đổi số năm 2026",
            "en": "Thematic supervision of digital transformation, 2026",
        },
        "oversight.run_by": {"vi": "Chủ trì", "en": "Run by"},
        "oversight.the_council": {"vi": "Hội đồng nhân dân", "en": "The council"},
        "oversight.all_bodies": {"vi": "Tất cả", "en": "All"},
        "oversight.period": {"vi": "Thời gian", "en": "Period"},
        "oversight.state": {"vi": "Tình trạng", "en": "State"},
        "oversight.state.planned": {"vi": "Theo kế hoạch", "en": "Planned"},
        "oversight.state.in_progress": {"vi": "Đang giám sát", "en": "Under way"},
        "oversight.state.concluded": {"vi": "Đã có kết luận", "en": "Concluded"},
        "oversight.kind": {"vi": "Hình thức", "en": "Kind"},
        "oversight.kind.thematic": {"vi": "Giám sát chuyên đề", "en": "Thematic supervision"},
        "oversight.kind.regular": {"vi": "Giám sát thường xuyên", "en": "Regular supervision"},
        "oversight.kind.survey": {"vi": "Khảo sát", "en": "Survey"},
        "oversight.recommendations_done": {"vi": "Kiến nghị đã xong", "en": "Recommendations done"},
        "oversight.late_count": {"vi": "{n} quá hạn", "en": "{n} overdue"},
        "oversight.published_short": {"vi": "Đã công khai", "en": "Published"},
        "oversight.none": {
            "vi": "Chưa có cuộc giám sát nào trong năm.",
            "en": "No supervision this year yet.",
        },
        "oversight.new": {"vi": "Thêm cuộc giám sát", "en": "New supervision"},
        "oversight.starts_on": {"vi": "Bắt đầu", "en": "Starts"},
        "oversight.ends_on": {"vi": "Kết thúc", "en": "Ends"},
        "oversight.subject": {
            "vi": "Nội dung, phạm vi giám sát",
            "en": "Subject and scope",
        },
        "oversight.agencies": {"vi": "Đối tượng chịu sự giám sát", "en": "Agencies supervised"},
        "oversight.agencies_hint": {
            "vi": "Mỗi dòng một cơ quan, ví dụ: UBND xã",
            "en": "One agency a line, e.g. the commune's People's Committee",
        },
        "oversight.create": {"vi": "Tạo cuộc giám sát", "en": "Create"},
        "oversight.plan": {"vi": "Kế hoạch giám sát", "en": "Plan"},
        "oversight.is_published": {
            "vi": "Đã công khai trên Trang thông tin điện tử.",
            "en": "Published on the portal.",
        },
        "oversight.not_published": {
            "vi": "Chưa công khai trên Trang thông tin điện tử.",
            "en": "Not on the portal.",
        },
        "oversight.see_public": {"vi": "Xem trang công khai", "en": "See the public page"},
        "oversight.publish": {"vi": "Công khai", "en": "Publish"},
        "oversight.unpublish": {"vi": "Thôi công khai", "en": "Unpublish"},
        "oversight.conclusion": {"vi": "Kết luận giám sát", "en": "Conclusion"},
        "oversight.concluded_on": {"vi": "Kết luận ngày {day}", "en": "Concluded on {day}"},
        "oversight.conclusion_text": {
            "vi": "Nội dung báo cáo kết quả giám sát",
            "en": "The conclusion's text",
        },
        "oversight.concluded_day": {"vi": "Ngày kết luận", "en": "Concluded on"},
        "oversight.save_conclusion": {"vi": "Lưu kết luận", "en": "Save the conclusion"},
        "oversight.recommendations": {"vi": "Kiến nghị sau giám sát", "en": "Recommendations"},
        "oversight.new_recommendation": {"vi": "Thêm kiến nghị", "en": "New recommendation"},
        "oversight.requests": {
            "vi": "Yêu cầu cơ quan báo cáo, cung cấp tài liệu",
            "en": "Reports and documents asked of the agencies",
        },
        "oversight.requests_hint": {
            "vi": "Theo kế hoạch giám sát: nội dung, cơ quan và thời hạn gửi; tài liệu nhận được "
            "lưu vào buổi làm việc.",
            "en": "As the plan asks: what, from whom, by when; the documents received are "
            "filed with a working session.",
        },
        "oversight.new_request": {"vi": "Thêm yêu cầu", "en": "New request"},
        "oversight.new_task": {"vi": "Thêm nhiệm vụ", "en": "New task"},
        "oversight.article": {"vi": "Điều, khoản", "en": "Article"},
        "oversight.article_example": {"vi": "Điều 2, khoản 1", "en": "Article 2(1)"},
        "oversight.content": {"vi": "Nội dung", "en": "What"},
        "oversight.expected_result": {"vi": "Kết quả cần đạt", "en": "Expected result"},
        "oversight.agency": {"vi": "Cơ quan thực hiện", "en": "Agency"},
        "oversight.due_date": {"vi": "Thời hạn", "en": "Due date"},
        "oversight.due": {"vi": "hạn {day}", "en": "due {day}"},
        "oversight.add": {"vi": "Thêm", "en": "Add"},
        "oversight.status.open": {"vi": "Chưa báo cáo", "en": "Not reported"},
        "oversight.status.in_progress": {"vi": "Đang thực hiện", "en": "In progress"},
        "oversight.status.done": {"vi": "Đã hoàn thành", "en": "Done"},
        "oversight.overdue": {"vi": "Quá hạn", "en": "Overdue"},
        "oversight.add_report": {"vi": "Ghi nhận báo cáo của cơ quan", "en": "Record a report"},
        "oversight.report_content": {"vi": "Nội dung báo cáo", "en": "Report"},
        "oversight.report_status": {"vi": "Kết quả", "en": "Result"},
        "oversight.save_report": {"vi": "Lưu báo cáo", "en": "Save the report"},
        "oversight.no_items": {"vi": "Chưa có nội dung nào.", "en": "Nothing yet."},
        "oversight.overdue_board": {"vi": "Quá hạn ({n})", "en": "Overdue ({n})"},
        "oversight.from": {"vi": "Nguồn", "en": "From"},
        "oversight.days_late": {"vi": "Số ngày quá hạn", "en": "Days late"},
        "oversight.board_kind.request": {
            "vi": "Yêu cầu phục vụ giám sát",
            "en": "Supervision request",
        },
        "oversight.board_kind.recommendation": {
            "vi": "Kiến nghị sau giám sát",
            "en": "Recommendation",
        },
        "oversight.board_kind.task": {"vi": "Nhiệm vụ thực hiện nghị quyết", "en": "Task"},
        "oversight.board_kind.petition": {"vi": "Kiến nghị cử tri", "en": "Voter petition"},
        "oversight.nothing_late": {
            "vi": "Không có nội dung nào quá hạn.",
            "en": "Nothing is overdue.",
        },
        "oversight.resolutions": {
            "vi": "Nghị quyết đã ban hành",
            "en": "Issued resolutions",
        },
        "oversight.no_resolutions": {
            "vi": "Chưa có nghị quyết nào được ban hành.",
            "en": "No resolution issued yet.",
        },
        "oversight.public_title": {"vi": "Kết quả giám sát", "en": "Supervision results"},
        "oversight.public_intro": {
            "vi": "Kế hoạch, kết luận giám sát của Hội đồng nhân dân và tiến độ thực hiện từng "
            "kiến nghị sau giám sát.",
            "en": "The council's supervision plans and conclusions, and the progress of each "
            "recommendation.",
        },
        "oversight.public_search": {"vi": "Tìm cuộc giám sát", "en": "Search supervisions"},
        "oversight.public_search_hint": {"vi": "Ví dụ: chuyển đổi số", "en": "e.g. digital"},
        "oversight.none_public": {
            "vi": "Chưa có kết quả giám sát nào được công khai.",
            "en": "No supervision published yet.",
        },
        "oversight.recommendations_progress": {
            "vi": "Kiến nghị sau giám sát: {done}/{n} đã hoàn thành",
            "en": "Recommendations: {done} of {n} done",
        },
        "oversight.tasks_progress": {
            "vi": "Tiến độ thực hiện: {done}/{n} nhiệm vụ đã hoàn thành",
            "en": "Progress: {done} of {n} tasks done",
        },
        "oversight.read_document": {"vi": "Đọc văn bản", "en": "Read the document"},
        "oversight.progress_link": {"vi": "Tiến độ thực hiện", "en": "Progress"},
        "audit.supervision.created": {"vi": "Tạo cuộc giám sát", "en": "Supervision created"},
        "audit.supervision.concluded": {
            "vi": "Ghi nhận kết luận giám sát",
            "en": "Supervision concluded",
        },
        "audit.supervision.published": {
            "vi": "Công khai kết quả giám sát",
            "en": "Supervision published",
        },
        "audit.supervision.unpublished": {
            "vi": "Thôi công khai kết quả giám sát",
            "en": "Supervision unpublished",
        },
        "audit.request.created": {
            "vi": "Yêu cầu cơ quan báo cáo phục vụ giám sát",
            "en": "Supervision request added",
        },
        "audit.request.reported": {
            "vi": "Ghi nhận báo cáo theo yêu cầu giám sát",
            "en": "Supervision request reported on",
        },
        "audit.recommendation.created": {
            "vi": "Thêm kiến nghị sau giám sát",
            "en": "Recommendation added",
        },
        "audit.recommendation.reported": {
            "vi": "Ghi nhận báo cáo thực hiện kiến nghị",
            "en": "Recommendation reported on",
        },
        "audit.task.created": {
            "vi": "Thêm nhiệm vụ thực hiện nghị quyết",
            "en": "Resolution task added",
        },
        "audit.task.reported": {
            "vi": "Ghi nhận báo cáo thực hiện nhiệm vụ",
            "en": "Resolution task reported on",
        },
        "audit.object.supervision": {"vi": "Cuộc giám sát", "en": "Supervision"},
        "audit.object.follow_up": {"vi": "Nội dung theo dõi", "en": "Follow-up item"},
    }
)

# --- the council's digital-transformation indicators -----------------------------------------
MESSAGES.update(
    {
        "indicators.bad_period": {
            "vi": "Khoảng thời gian không hợp lệ: ngày bắt đầu phải trước ngày kết thúc, "
            "tối đa 5 năm.",
            "en": "Invalid period: it starts before it ends, five years at most.",
        },
        "indicators.unknown": {"vi": "Không có chỉ tiêu này.", "en": "No such indicator."},
        "indicators.digital_session_documents": {
            "vi": "Tài liệu kỳ họp, cuộc họp được gửi bằng điện tử",
            "en": "Session documents delivered digitally",
        },
        "indicators.secret_paper_documents": {
            "vi": "Tài liệu mật phát hành bằng giấy (tính riêng)",
            "en": "Secret documents on paper (counted apart)",
        },
        "indicators.signed_issued_documents": {
            "vi": "Văn bản ban hành được ký số",
            "en": "Issued documents digitally signed",
        },
        "indicators.paperless_meetings": {
            "vi": "Kỳ họp, cuộc họp không giấy",
            "en": "Paperless meetings",
        },
        "indicators.electronic_votes": {
            "vi": "Biểu quyết, bầu cử bằng hệ thống điện tử",
            "en": "Votes counted electronically",
        },
        "indicators.opinion_collections": {
            "vi": "Đợt lấy ý kiến đại biểu bằng văn bản điện tử",
            "en": "Written opinion collections held",
        },
        "indicators.petitions_online": {
            "vi": "Kiến nghị cử tri tiếp nhận trực tuyến",
            "en": "Voters' petitions received online",
        },
        "indicators.petitions_answered_on_time": {
            "vi": "Kiến nghị cử tri được trả lời đúng hạn",
            "en": "Petitions answered on time",
        },
        "indicators.supervisions_done": {
            "vi": "Cuộc giám sát hoàn thành theo kế hoạch",
            "en": "Supervisions concluded as planned",
        },
        "indicators.recommendations_answered_on_time": {
            "vi": "Kiến nghị sau giám sát được thực hiện đúng hạn",
            "en": "Recommendations done on time",
        },
        "indicators.delegates_with_access_link": {
            "vi": "Đại biểu có đường dẫn truy cập cá nhân còn hiệu lực",
            "en": "Delegates with a working access link",
        },
        "indicators.packet_reading_rate": {
            "vi": "Tỷ lệ đọc tài liệu kỳ họp của đại biểu",
            "en": "Delegates' reading rate of packets",
        },
        "indicators.period": {"vi": "Từ {start} đến {end}", "en": "From {start} to {end}"},
        "indicators.title": {
            "vi": "Chỉ tiêu chuyển đổi số",
            "en": "Digital-transformation indicators",
        },
        "indicators.province": {"vi": "toàn tỉnh ({n} HĐND)", "en": "province ({n} councils)"},
        "indicators.province_link": {
            "vi": "Chỉ tiêu chuyển đổi số toàn tỉnh",
            "en": "Province-wide indicators",
        },
        "indicators.province_back": {"vi": "Các Hội đồng", "en": "Councils"},
        "indicators.compare": {"vi": "So sánh giữa các HĐND", "en": "Councils compared"},
        "indicators.council": {"vi": "Hội đồng nhân dân", "en": "Council"},
        "indicators.intro": {
            "vi": "Tính từ chính dữ liệu của Hội đồng trong khoảng thời gian đã chọn; mỗi số "
            "liệu có danh sách hồ sơ làm minh chứng và biểu đồ theo từng tháng.",
            "en": "Computed from the council's own records for the chosen period; each figure "
            "lists its evidence and has a chart by month.",
        },
        "indicators.from": {"vi": "Từ ngày", "en": "From"},
        "indicators.to": {"vi": "Đến ngày", "en": "To"},
        "indicators.export_xlsx": {"vi": "Tải bảng tính (XLSX)", "en": "Download the workbook"},
        "indicators.export_docx": {"vi": "Tải báo cáo (DOCX)", "en": "Download the report"},
        "indicators.file_report": {
            "vi": "Lưu báo cáo để ký số",
            "en": "File the report for signing",
        },
        "indicators.file_report_hint": {
            "vi": "Báo cáo được lưu vào tài liệu của Thường trực, chuyển sang PDF để cấp số "
            "và ký số.",
            "en": "Filed among the Standing Committee's documents, as a PDF to number and sign.",
        },
        "indicators.filing_meeting": {
            "vi": "Báo cáo chỉ tiêu chuyển đổi số của Hội đồng nhân dân",
            "en": "The council's digital-transformation report",
        },
        "indicators.figures": {
            "vi": "Số liệu từ {start} đến {end}",
            "en": "Figures from {start} to {end}",
        },
        "indicators.col_indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
        "indicators.col_value": {"vi": "Kết quả", "en": "Value"},
        "indicators.col_numerator": {"vi": "Đạt", "en": "Numerator"},
        "indicators.col_denominator": {"vi": "Tổng số", "en": "Denominator"},
        "indicators.col_evidence": {"vi": "Minh chứng", "en": "Evidence"},
        "indicators.col_record": {"vi": "Hồ sơ", "en": "Record"},
        "indicators.col_day": {"vi": "Ngày", "en": "Date"},
        "indicators.col_link": {"vi": "Đường dẫn", "en": "Link"},
        "indicators.col_counted": {"vi": "Được tính", "en": "Counted"},
        "indicators.counted_yes": {"vi": "Đạt", "en": "Yes"},
        "indicators.counted_no": {"vi": "Chưa đạt", "en": "No"},
        "indicators.see_evidence": {"vi": "Xem minh chứng", "en": "See the evidence"},
        "indicators.over_time": {"vi": "Theo thời gian", "en": "Over time"},
        "indicators.by_month": {"vi": "Số liệu từng tháng", "en": "Month by month"},
        "indicators.chart_alt": {
            "vi": "Biểu đồ theo tháng: {name}",
            "en": "Chart by month: {name}",
        },
        "indicators.evidence_intro": {
            "vi": "{n} hồ sơ từ {start} đến {end}.",
            "en": "{n} records from {start} to {end}.",
        },
        "indicators.no_records": {
            "vi": "Không có hồ sơ nào trong khoảng thời gian này.",
            "en": "No record in this period.",
        },
        "indicators.sheet_figures": {"vi": "Chỉ tiêu", "en": "Indicators"},
        "indicators.sheet_months": {"vi": "Theo tháng", "en": "By month"},
        "indicators.sheet_evidence": {"vi": "Minh chứng", "en": "Evidence"},
        "indicators.report_title": {
            "vi": "Báo cáo kết quả thực hiện chỉ tiêu chuyển đổi số",
            "en": "Report on the digital-transformation indicators",
        },
        "indicators.report_evidence_note": {
            "vi": "Số liệu được tính từ dữ liệu của hệ thống Kỳ Họp Số; danh sách hồ sơ minh "
            "chứng của từng chỉ tiêu kèm theo bảng tính. Biểu đồ theo từng tháng:",
            "en": "Computed from the platform's records; each indicator's evidence is in the "
            "workbook. Charts by month:",
        },
    }
)

# --- agencies: the register, their contacts and links ------------------------------------------
MESSAGES.update(
    {
        "agencies.link_invalid": {
            "vi": "Đường dẫn không đúng hoặc đã bị thu hồi. Vui lòng liên hệ Văn phòng HĐND.",
            "en": "This link is wrong or was revoked. Please contact the council's office.",
        },
        "agencies.link_subject": {
            "vi": "Đường dẫn báo cáo kết quả thực hiện kiến nghị, nhiệm vụ của HĐND",
            "en": "Your link to report to the council",
        },
        "agencies.link_body": {
            "vi": "Kính gửi {agency},\n\nVăn phòng HĐND gửi đường dẫn để cơ quan báo cáo tiến "
            "độ, kết quả thực hiện các kiến nghị sau giám sát và nhiệm vụ thực hiện nghị quyết, "
            "không cần tài khoản:\n\n{url}\n\nĐề nghị không chuyển tiếp đường dẫn này.\n",
            "en": "To {agency},\n\nThe council's office sends your link to report on the "
            "recommendations and tasks given to you, without an account:\n\n{url}\n\n"
            "Please do not forward it.\n",
        },
        "agencies.title": {"vi": "Cơ quan thực hiện", "en": "Agencies"},
        "agencies.intro": {
            "vi": "Địa chỉ thư điện tử để nhắc việc quá hạn; đường dẫn riêng để cơ quan tự báo cáo "
            "tiến độ, kết quả khi Hội đồng cho phép.",
            "en": "The contact e-mail for overdue reminders; the agency's own link to report "
            "its progress where the council allows it.",
        },
        "agencies.issued": {
            "vi": "Đường dẫn mới (chỉ hiển thị một lần, đã gửi tới thư điện tử của cơ quan nếu "
            "có); đường dẫn cũ không còn dùng được:",
            "en": "The new link (shown once, e-mailed to the agency's contact if it has one); "
            "the previous one no longer works:",
        },
        "agencies.open_items": {"vi": "{n} nội dung chưa xong", "en": "{n} open items"},
        "agencies.link_since": {
            "vi": "đường dẫn cấp lúc {at}",
            "en": "link issued {at}",
        },
        "agencies.no_link": {"vi": "chưa cấp đường dẫn", "en": "no link"},
        "agencies.name": {"vi": "Tên cơ quan", "en": "Name"},
        "agencies.contact_email": {"vi": "Thư điện tử liên hệ", "en": "Contact e-mail"},
        "agencies.save": {"vi": "Lưu", "en": "Save"},
        "agencies.issue": {"vi": "Cấp đường dẫn báo cáo", "en": "Issue a link"},
        "agencies.issue_again": {"vi": "Cấp lại đường dẫn", "en": "Issue a new link"},
        "agencies.revoke": {"vi": "Thu hồi đường dẫn", "en": "Revoke the link"},
        "agencies.none": {"vi": "Chưa có cơ quan nào.", "en": "No agency yet."},
        "agencies.page_intro": {
            "vi": "Các kiến nghị sau giám sát và nhiệm vụ thực hiện nghị quyết {council} giao "
            "cho cơ quan. Báo cáo gửi tại đây được ghi nhận ngay và công khai cùng kiến nghị.",
            "en": "The recommendations and resolutions' tasks {council} gave you. A report sent "
            "here is recorded at once and published with the item.",
        },
        "agencies.reported": {"vi": "Đã ghi nhận báo cáo.", "en": "Report recorded."},
        "agencies.send_report": {"vi": "Gửi báo cáo", "en": "Send the report"},
        "agencies.nothing_asked": {
            "vi": "Không có nội dung nào đang chờ cơ quan báo cáo.",
            "en": "Nothing is waiting for your report.",
        },
        "agencies.by_agency": {"vi": "cơ quan tự báo cáo", "en": "sent by the agency"},
        "audit.agency.updated": {"vi": "Cập nhật cơ quan", "en": "Agency updated"},
        "audit.agency.link_issued": {
            "vi": "Cấp đường dẫn báo cáo cho cơ quan",
            "en": "Agency link issued",
        },
        "audit.agency.link_revoked": {
            "vi": "Thu hồi đường dẫn của cơ quan",
            "en": "Agency link revoked",
        },
        "audit.object.agency": {"vi": "Cơ quan", "en": "Agency"},
    }
)

MESSAGES.update(
    {
        "share.council": {
            "vi": "Các kỳ họp, nghị quyết, văn bản và kết quả giám sát của {council}.",
            "en": "The sessions, resolutions, documents and supervision results of {council}.",
        },
    }
)

# --- the register of issued documents (sổ văn bản đi) --------------------------------------------
MESSAGES.update(
    {
        "register.title": {"vi": "Sổ văn bản đi", "en": "Register of issued documents"},
        "register.title_of": {
            "vi": "Sổ văn bản đi năm {year} – {council}",
            "en": "Register of issued documents {year} – {council}",
        },
        "register.sheet": {"vi": "Năm {year}", "en": "{year}"},
        "register.intro": {
            "vi": "Mọi văn bản Hội đồng đã cấp số để ban hành trong năm, theo sổ và số thứ tự, "
            "với người ký và tình trạng.",
            "en": "Every document the council numbered for issue in the year, by series and "
            "number, with its signers and where it stands.",
        },
        "register.search": {"vi": "Tìm số, trích yếu", "en": "Number or title"},
        "register.search_hint": {"vi": "Ví dụ: 12/NQ hoặc chuyen doi so", "en": "e.g. 12/NQ"},
        "register.meeting_title": {
            "vi": "Văn bản ban hành ngoài kỳ họp năm {year}",
            "en": "Documents issued outside sessions, {year}",
        },
        "register.package": {
            "vi": "Tải gói văn bản (PDF và dữ liệu đặc tả)",
            "en": "Download the package (PDF and metadata)",
        },
        "register.none": {
            "vi": "Chưa có văn bản nào được cấp số trong năm.",
            "en": "Nothing numbered this year.",
        },
        "register.col_number": {"vi": "Số, ký hiệu", "en": "Number"},
        "register.col_day": {"vi": "Ngày", "en": "Date"},
        "register.col_type": {"vi": "Loại văn bản", "en": "Type"},
        "register.col_title": {"vi": "Trích yếu", "en": "Title"},
        "register.col_signers": {"vi": "Người ký", "en": "Signed by"},
        "register.col_status": {"vi": "Tình trạng", "en": "Status"},
        "register.col_meeting": {"vi": "Kỳ họp, cuộc họp", "en": "Meeting"},
        "register.status.numbered": {"vi": "Đã cấp số, chờ ký", "en": "Numbered"},
        "register.status.certified": {"vi": "Đã ký, chờ đóng dấu", "en": "Certified"},
        "register.status.issued": {"vi": "Đã ban hành", "en": "Issued"},
        "register.status.published": {"vi": "Đã ban hành, đã công khai", "en": "Published"},
    }
)
