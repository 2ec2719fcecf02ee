from django.urls import path

from phaodai.support import views

app_name = "support"
urlpatterns = [
    path("", views.lists, name="lists"),
    path("chinh-sach/", views.programmes, name="programmes"),
    path("danh-sach/moi/", views.list_add, name="list_add"),
    path("danh-sach/<int:pk>/", views.list_detail, name="list"),
    path("danh-sach/<int:pk>/them/", views.entry_add, name="entry_add"),
    path("danh-sach/<int:pk>/tu-du-lieu/", views.entries_fill, name="entries_fill"),
    path("danh-sach/<int:pk>/nhap-tep/", views.entries_import, name="entries_import"),
    path("danh-sach/<int:pk>/chuyen/", views.list_transition, name="list_transition"),
    path("dong/<int:pk>/loai/", views.entry_remove, name="entry_remove"),
    path("dong/<int:pk>/chi-tra/", views.payment_add, name="payment_add"),
    path("trung-lap/", views.conflicts, name="conflicts"),
    path("trung-lap/<int:pk>/", views.conflict_resolve, name="conflict"),
    path("bo-sot/", views.omissions, name="omissions"),
    path("tong-hop/", views.totals, name="totals"),
    path("tong-hop/xuat/", views.payments_export, name="payments_export"),
    path("quy/", views.fund, name="fund"),
    path("quy/ung-ho/", views.donation_add, name="donation_add"),
    path("quy/phan-bo/", views.allocation_add, name="allocation_add"),
    path("quy/chi/", views.spending_add, name="spending_add"),
    path("quy/chi/<int:pk>/chung-tu/", views.spending_attachment, name="spending_attachment"),
    path("quy/cong-khai/<int:unit_id>/", views.fund_public, name="fund_public"),
]
