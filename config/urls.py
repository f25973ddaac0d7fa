from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "近邻 Jinlin 管理后台"
admin.site.site_title = "近邻 Jinlin"
admin.site.index_title = "社区合伙人与资源对接"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
