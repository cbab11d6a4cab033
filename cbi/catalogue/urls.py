from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.product_list, name="product_list"),
    path("<int:product_id>/", views.product_detail, name="product_detail"),
    path("suppliers/", views.supplier_list, name="supplier_list"),
]
