from django.urls import path

from phaodai.diagnostics.views import pools, rounds, samples, workplaces

app_name = "diagnostics"
urlpatterns = [
    path("", samples.sample_list, name="samples"),
    path("lay-mau/", samples.sample_create, name="sample_create"),
    path("tu-test/", samples.self_test_create, name="self_test"),
    path("mau/<int:pk>/", samples.sample_detail, name="sample"),
    path("mau/<int:pk>/ket-qua/", samples.result_create, name="result"),
    path("mau-gop/", pools.pool_list, name="pools"),
    path("mau-gop/moi/", pools.pool_new, name="pool_create"),
    path("mau-gop/<int:pk>/", pools.pool_detail, name="pool"),
    path("mau-gop/<int:pk>/ket-qua/", pools.pool_result_create, name="pool_result"),
    path("phong-xet-nghiem/", pools.turnaround, name="turnaround"),
    path("phong-xet-nghiem/moi/", pools.lab_new, name="lab_create"),
    path("dot/", rounds.round_index, name="rounds"),
    path("dot/moi/", rounds.round_new, name="round_create"),
    path("dot/<int:pk>/", rounds.round_detail, name="round"),
    path("doanh-nghiep/", workplaces.enterprise_index, name="enterprises"),
    path("doanh-nghiep/moi/", workplaces.enterprise_new, name="enterprise_create"),
    path("doanh-nghiep/<int:pk>/", workplaces.enterprise_detail, name="enterprise"),
    path("doanh-nghiep/<int:pk>/nguoi-lao-dong/", workplaces.workers_new, name="workers_add"),
    path("doanh-nghiep/<int:pk>/ca/moi/", workplaces.shift_new, name="shift_create"),
    path("ca/<int:pk>/", workplaces.shift_detail, name="shift"),
]
