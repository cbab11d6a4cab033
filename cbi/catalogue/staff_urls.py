from django.urls import path

from . import staff_views as views

app_name = "catalogue_staff"
urlpatterns = [
    path("", views.products, name="products"),
    path("groups/", views.groups, name="groups"),
    path("suppliers/", views.suppliers, name="suppliers"),
]
for kind, prefix in (("product", "products"), ("group", "groups"), ("supplier", "suppliers")):
    urlpatterns += [
        path(f"{prefix}/new/", views.edit, {"kind": kind}, name=f"{kind}_add"),
        path(f"{prefix}/<int:pk>/", views.edit, {"kind": kind}, name=f"{kind}_edit"),
        path(f"{prefix}/<int:pk>/history/", views.history, {"kind": kind}, name=f"{kind}_history"),
    ]
for kind, prefix in (("product", "products"), ("supplier", "suppliers")):
    urlpatterns.append(path(f"{prefix}/<int:pk>/<slug:action>/", views.action, {"kind": kind},
                            name=f"{kind}_action"))
