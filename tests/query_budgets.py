"""Query budgets: how many database queries each route makes, asked by the audience it is for
(issue #13 item 10; method in docs/performance.md, test in tests/web/test_query_budgets.py).

One entry per route of the URL configuration: a route without one fails the test, so a new page
gets its budget when it is added. The number is the same with one row and with 50 rows in every
list the page shows — a count that grows with the rows is a query per row, to be fixed in the
selector (select_related, prefetch_related, annotate), never by raising the number here.

The count includes everything the request sends to the database: the session, the user and their
staff profile or cabinet account, the access-log insert of every read of a person's data
(cbi/audit/access.py), the page's own reads. Savepoints are not counted. A change of a number
says in its commit why the page now reads more (or less).

To read the current counts: ``CBI_QUERY_COUNTS=/tmp/counts.json pytest tests/web/test_query_budgets.py``
writes every route's counts (and the queries) to that file.
"""

BUDGETS: dict[str, int] = {
    # accounts
    "accounts:staff_home": 5,
    "accounts:staff_login": 0,
    "accounts:staff_login_code": 0,  # answers 302
    "accounts:staff_logout": 0,  # answers 405
    "accounts:staff_totp_setup": 0,  # answers 302
    "accounts:team": 6,
    "accounts:team_member": 8,
    "accounts:team_member_action": 6,
    "accounts:team_member_create": 6,
    # agencies (issue #17)
    "agencies:consents": 8,  # session, user, account, person, purposes, consents in force, history, profile
    "agencies:grant": 3,  # answers 405
    "agencies:withdraw": 6,
    "agencies_api:openapi": 0,
    "agencies_api:search": 0,  # answers 405
    "agencies_api:subscribe": 0,  # answers 405
    # api
    "api:api-root": 0,  # answers 404
    "api:evaluate_facts": 3,  # answers 405
    "api:openapi-json": 0,
    "api:openapi-view": 0,
    # applications_cabinet
    "applications_cabinet:check": 17,
    "applications_cabinet:decision_pdf": 7,
    "applications_cabinet:right_letter_pdf": 10,
    "applications_cabinet:detail": 13,  # + the referrals and whether one is open (issue #16 §1)
    "applications_cabinet:enterprise": 8,
    "applications_cabinet:discard": 6,
    "applications_cabinet:list": 8,
    "applications_cabinet:my_products": 6,
    "applications_cabinet:new": 8,
    "applications_cabinet:provide_information": 8,
    "applications_cabinet:step": 7,
    "applications_cabinet:submitted": 6,
    "applications_cabinet:survey": 8,
    "applications_cabinet:withdraw": 6,
    # referrals_enterprise (the enterprise portal, issue #16 §1)
    "referrals_enterprise:act": 7,
    "referrals_enterprise:detail": 8,
    "referrals_enterprise:list": 8,
    # applications_staff
    "applications_staff:act": 7,
    "applications_staff:branch_act": 9,
    "applications_staff:referral_new": 12,
    "applications_staff:referral_cancel": 9,
    "applications_staff:referral_monitor": 7,
    "applications_staff:decision_pdf": 9,
    "applications_staff:right_letter_pdf": 12,
    "applications_staff:right_new": 8,
    "applications_staff:right_lift": 8,
    "applications_staff:detail": 15,  # + the application's referrals (issue #16 §1)
    "applications_staff:paper_new": 12,
    "applications_staff:record_issued": 9,
    "applications_staff:surveys": 8,
    "applications_staff:work_list": 9,  # +1: the merged mark of the listed persons, one query per list (cbi/registry/marks.py)
    # audit
    "audit:access_log": 7,
    # cabinet
    "cabinet:add_person": 4,
    "cabinet:car_queue": 9,  # +2: the person's car-queue refusals and removals (issue #17 §3)
    "cabinet:car_refusal": 8,
    "cabinet:car_refusal_letter": 4,
    "cabinet:car_removal": 8,
    "cabinet:car_removal_letter": 5,
    "cabinet:confirm_email": 0,  # answers 400
    "cabinet:correction": 5,
    "cabinet:data_reads": 7,
    "cabinet:data_reads_csv": 5,
    "cabinet:handle_correction": 7,
    "cabinet:home": 16,  # -1: the acting-for person is taken from the switcher's list, not read again
    "cabinet:issue_code": 9,
    "cabinet:login": 0,
    "cabinet:logout": 0,  # answers 405
    "complaints_cabinet:detail": 8,
    "complaints_cabinet:letter": 6,  # +2: the decision complained about, named in the letter
    "complaints_cabinet:new": 10,
    "complaints_staff:detail": 11,
    "complaints_staff:letter": 9,  # +2: the decision complained about, named in the letter
    "complaints_staff:list": 6,
    "cabinet:notification": 6,
    "cabinet:notifications": 6,
    "cabinet:notification_channels": 7,
    "cabinet:password_reset": 0,
    "cabinet:password_reset_complete": 0,
    "cabinet:password_reset_confirm": 1,
    "cabinet:password_reset_done": 0,
    "cabinet:receipt_pdf": 13,
    "cabinet:register": 0,
    "cabinet:register_code": 0,
    "cabinet:register_identity": 0,  # answers 302
    "cabinet:registered": 1,  # answers 302
    "cabinet:start": 0,
    "cabinet:switch_person": 3,  # answers 405
    # carqueue
    "carqueue:allocation_answer": 8,
    "carqueue:allocation_detail": 7,
    "carqueue:allocation_humanitarian": 6,
    "carqueue:allocation_list": 7,
    "carqueue:allocation_new": 5,
    "carqueue:application_action": 7,
    "carqueue:application_detail": 12,  # +1: the complaint about the refusal, if any
    "carqueue:application_list": 9,  # +1: the merged mark of the listed persons, one query per list (cbi/registry/marks.py)
    "carqueue:application_new": 16,
    "carqueue:deadline_report": 6,
    "carqueue:decision_pdf": 7,
    "carqueue:queue_list": 7,
    "carqueue:referral_pdf": 7,
    "carqueue:removal_clear_flag": 7,
    "carqueue:removal_confirm": 7,
    "carqueue:removal_dismiss": 7,
    "carqueue:removal_entry": 9,
    "carqueue:removal_letter": 7,
    "carqueue:removal_list": 8,  # +1: the merged mark of the listed persons, one query per list (cbi/registry/marks.py)
    "carqueue:removal_restore": 7,
    "carqueue:settings": 8,
    "carqueue:settings_edit": 7,
    "carqueue:what_if": 5,
    # catalogue
    "catalogue:product_detail": 4,  # + the norm in force today (term of use, who may receive it, source)
    "catalogue:product_list": 4,
    "catalogue:supplier_list": 5,
    # catalogue_staff
    "catalogue_staff:group_add": 5,
    "catalogue_staff:group_edit": 6,
    "catalogue_staff:group_history": 7,
    "catalogue_staff:groups": 6,
    "catalogue_staff:product_action": 6,
    "catalogue_staff:product_add": 6,
    "catalogue_staff:product_edit": 7,
    "catalogue_staff:product_history": 7,
    "catalogue_staff:products": 8,
    "catalogue_staff:supplier_action": 6,
    "catalogue_staff:supplier_add": 7,
    "catalogue_staff:supplier_edit": 10,
    "catalogue_staff:supplier_history": 11,
    "catalogue_staff:suppliers": 7,
    # documents
    "documents:open": 7,
    # web
    "healthz": 1,
    "metrics": 1,  # the task queue's counts (one GROUP BY)
    "set_language": 0,  # answers 302
    "web:display": 0,  # answers 405
    "web:home": 0,
    "web:switch": 0,  # answers 405
    # help
    "help:car": 0,
    "help:index": 0,
    "help:products": 0,
    "help:report": 0,
    "help:report_sent": 0,  # answers 302
    "help:staff_report_detail": 7,
    "help:staff_report_list": 7,
    "help:statement": 0,
    # duplicates
    "duplicates:dismiss": 6,  # answers 405
    "duplicates:list": 9,  # +1: the merged mark of the listed persons, one query per list (cbi/registry/marks.py)
    "duplicates:merge": 9,
    "duplicates:merge_detail": 8,
    "duplicates:merges": 6,
    "duplicates:pair": 9,
    # imports
    "imports:job": 6,
    "imports:report": 6,
    "imports:template": 4,
    "imports:upload": 6,
    # primary
    "primary:check": 0,  # answers 302
    "primary:done": 0,  # answers 302
    "primary:places": 0,
    "primary:reopen": 0,  # answers 404
    "primary:resume": 0,
    "primary:review_accept": 8,
    "primary:review_detail": 11,
    "primary:review_list": 7,
    "primary:review_return": 7,
    "primary:save": 0,  # answers 302
    "primary:start": 0,
    "primary:step": 0,
    # registry
    "registry:person_create": 10,
    "registry:person_detail": 20,  # -1: the cabinet account and the active code in one query; sections read by the view
    "registry:person_edit": 10,
    "registry:person_history": 15,
    "registry:person_part_create": 7,
    "registry:person_part_edit": 8,
    "registry:search": 7,  # +1: which results are merged into another record (the mark)
    "registry:territory_suggestions": 4,
    # signatures
    "signatures:idgovua_callback": 0,  # answers 400
    "signatures:idgovua_start": 2,  # answers 302
    "signatures:kep": 2,
    "signatures:kep_check_file": 2,
    "signatures:mock_idgovua_authorize": 0,  # answers 400
    "signatures:mock_idgovua_token": 0,  # answers 400
    "signatures:mock_idgovua_user_info": 0,  # answers 401
    "signatures:verified": 0,
    # statistics (summary tables of the latest refresh, never the registry)
    "dashboard:dashboard": 7,  # the same reads; no query per row (summary table)
    "dashboard:download": 7,  # session, user, device, profile, organization, refresh, figures
    "statistics:car_queue": 3,
    "statistics:dataset": 4,
    "statistics:open_data": 1,
    "statistics:waiting_times": 6,
}

# The API's endpoints that take a body: asked with a POST (the GET above answers 405).
POST_BUDGETS: dict[str, int] = {
    "api:evaluate_facts": 5,  # session, user, second factor, staff profile, rules settings
    "agencies_api:search": 6,  # key+client, purpose, person, status, access-log insert, request record
}
