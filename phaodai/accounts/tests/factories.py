import factory

from phaodai.accounts.models import Organisation, OrganisationKind, User
from phaodai.accounts.roles import Role

PASSWORD = "Mat-khau-thu-nghiem-2021"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Tổ chức {n}")
    kind = OrganisationKind.COMMUNE_HEALTH_STATION
    unit_path = factory.LazyAttribute(lambda o: o.unit.path)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    role = Role.COMMUNE_HEALTH
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj: User, create: bool, extracted: object, **kwargs: object) -> None:  # noqa: N805 - the built user
        if create:
            obj.save()


def make_admin(unit, username: str, kind: str = OrganisationKind.HEALTH_DEPARTMENT) -> User:
    """A system administrator whose organisation sits at ``unit`` (their jurisdiction)."""
    organisation = OrganisationFactory(unit=unit, kind=kind, name=f"Quản trị {username}")
    return UserFactory(
        username=username, role=Role.SYSTEM_ADMIN, organisation=organisation, full_name=username
    )
