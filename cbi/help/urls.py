from django.urls import path

from . import views

app_name = "help"
urlpatterns = [
    path("", views.index, name="index"),
    path("car/", views.car, name="car"),
    path("products/", views.products, name="products"),
    path("accessibility/", views.statement, name="statement"),
    path("accessibility/report/", views.report, name="report"),
    path("accessibility/report/sent/", views.report_sent, name="report_sent"),
    path("staff/reports/", views.staff_report_list, name="staff_report_list"),
    path("staff/reports/<int:pk>/", views.staff_report_detail, name="staff_report_detail"),
]
