from django.contrib.auth import views as auth_views
from django.urls import path

from . import staff_views, views

app_name = "cabinet"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("register/", views.register, name="register"),
    path("register/code/", views.register_code, name="register_code"),
    path("register/identity/", views.register_identity, name="register_identity"),
    path("register/done/", views.registered, name="registered"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("acting-for/", views.switch_person, name="switch_person"),
    path("correction/", views.correction, name="correction"),
    path("persons/add/", views.add_person, name="add_person"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/channels/", views.notification_channels, name="notification_channels"),
    path("car-queue/", views.car_queue, name="car_queue"),
    path("car-queue/refusals/<uuid:pk>/", views.car_refusal, name="car_refusal"),
    path("car-queue/refusals/<uuid:pk>/letter.pdf", views.car_refusal_letter, name="car_refusal_letter"),
    path("car-queue/removals/<int:pk>/", views.car_removal, name="car_removal"),
    path("car-queue/removals/<int:pk>/letter.pdf", views.car_removal_letter, name="car_removal_letter"),
    path("who-viewed-my-data/", views.data_reads, name="data_reads"),
    path("who-viewed-my-data.csv", views.data_reads_csv, name="data_reads_csv"),
    path("notifications/<int:pk>/", views.notification, name="notification"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(template_name="cabinet/password_reset_done.html"),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(template_name="cabinet/password_reset_complete.html"),
         name="password_reset_complete"),
    # Officers: authorization codes and correction requests for a person in their scope.
    path("staff/persons/<uuid:person_id>/code/", staff_views.issue_code, name="issue_code"),
    path("staff/persons/<uuid:person_id>/code/receipt.pdf", staff_views.receipt_pdf, name="receipt_pdf"),
    path("staff/corrections/<int:pk>/", staff_views.handle_correction, name="handle_correction"),
]
