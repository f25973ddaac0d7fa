"""批量导入: upload an interchange JSON document or workbook, see every problem by sheet,
row and column, then confirm to write. The work runs as a task; the page follows it."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from frontend.views.common import is_htmx
from interchange import jobs as services
from interchange.models import ImportJob
from interchange.selectors import import_jobs_visible_to

MAX_UPLOAD = 5 * 1024 * 1024


class UploadForm(forms.Form):
    document = forms.FileField(
        label=_("导入文件"),
        help_text=_(
            "jinlin-interchange/1 格式的 JSON 文件，"
            "或按模板填写的 Excel 工作簿（.xlsx），不超过 5 MB。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,.xlsx,application/json"}),
    )

    def clean_document(self) -> object:
        upload = self.cleaned_data["document"]
        name = (upload.name or "").lower()
        if not name.endswith((".json", ".xlsx")):
            raise forms.ValidationError(_("请上传 .json 或 .xlsx 文件。"))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("文件超过 5 MB。"))
        return upload


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("interchange.import_region"):
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["document"]
        job = services.import_job_start(
            actor=request.user,
            filename=upload_file.name,
            payload=upload_file.read(),
            write=False,
        )
        return redirect("import-job", pk=job.pk)
    jobs = import_jobs_visible_to(request.user).defer("payload")[:10]
    return render(request, "frontend/imports/upload.html", {"form": form, "jobs": jobs})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress; htmx polls the status part until it is finished."""
    job = get_object_or_404(import_jobs_visible_to(request.user).defer("payload"), pk=pk)
    problems = [services.split_problem(p) for p in job.problems]
    context = {
        "job": job,
        "problems": problems,
        "by_sheet": any(p["sheet"] for p in problems),
        "is_check": job.kind == ImportJob.Kind.IMPORT_CHECK,
    }
    if is_htmx(request):
        return render(request, "frontend/imports/_status.html", context)
    return render(request, "frontend/imports/job.html", context)


@require_POST
@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a file whose check passed: a new job, same file."""
    checked = get_object_or_404(
        import_jobs_visible_to(request.user),
        pk=pk,
        kind=ImportJob.Kind.IMPORT_CHECK,
        status=ImportJob.Status.DONE,
    )
    job = services.import_job_confirm(actor=request.user, job=checked)
    return redirect("import-job", pk=job.pk)
