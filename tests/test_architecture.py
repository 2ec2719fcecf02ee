"""Rules of the codebase that a reviewer should not have to remember."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from phaodai.core.api import PolicyPermission
from phaodai.core.policies import POLICY_ATTRIBUTE

ROOT = Path(__file__).resolve().parent.parent
# Every app under phaodai/ except the kernel: the kernel must import none of them.
DOMAIN_APPS = sorted(
    p.name for p in (ROOT / "phaodai").iterdir() if (p / "apps.py").exists() and p.name != "core"
)


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


def _has_policy(callback) -> bool:
    if getattr(callback, POLICY_ATTRIBUTE, None):
        return True
    view_class = getattr(callback, "cls", None)
    if view_class is None:
        return False
    permissions = getattr(callback, "initkwargs", {}).get("permission_classes", view_class.permission_classes)
    return PolicyPermission in permissions and bool(getattr(view_class, "required_perm", None))


def test_every_url_has_a_policy_marker():
    unmarked = [route for route, callback in _patterns(get_resolver()) if not _has_policy(callback)]
    assert unmarked == []


def _modules(name):
    return [p for p in (ROOT / "phaodai").rglob(name) if "tests" not in p.parts]


@pytest.mark.parametrize("filename", ["views.py", "api.py"])
def test_views_and_api_never_touch_a_manager_directly(filename):
    offenders = []
    for module in _modules(filename):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                offenders.append(f"{module.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "views and API read through selectors, which take a jurisdiction"


def test_every_placed_row_has_an_indexed_unit_path():
    for model in apps.get_models():
        fields = {field.name: field for field in model._meta.get_fields() if hasattr(field, "db_index")}
        if "unit_path" in fields:
            indexed = fields["unit_path"].db_index or any(
                "unit_path" in index.fields for index in model._meta.indexes
            )
            assert indexed, f"{model._meta.label}.unit_path must be indexed"


def test_the_shared_kernel_imports_no_domain_app():
    domain_apps = tuple(f"phaodai.{app}" for app in DOMAIN_APPS)
    for module in (ROOT / "phaodai" / "core").rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not [n for n in names if n.startswith(domain_apps)], f"{module} imports {names}"


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "PHAODAI_ENV": "production",
        "PHAODAI_SECRET_KEY": "k" * 20 + "9f3Jq!x7-Lm2#vB8$wP4%zR6&tY1*uE5(oA0)",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "PHAODAI_ALLOWED_HOSTS": "phaodai.example.vn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
