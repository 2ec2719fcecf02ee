"""Permission names, shared by every app. Roles (in accounts) grant them; views and the API require them."""


class Perm:
    PEOPLE_VIEW = "people.view"
    PEOPLE_EDIT = "people.edit"
    PEOPLE_DELETE = "people.delete"
    PEOPLE_EXPORT = "people.export"
    DUPLICATES_REVIEW = "people.review_duplicates"
    UNITS_VIEW = "geo.view"
    UNITS_MANAGE = "geo.manage"
    ORGANISATIONS_VIEW = "accounts.view_organisations"
    ORGANISATIONS_MANAGE = "accounts.manage_organisations"
    USERS_MANAGE = "accounts.manage_users"
    AUDIT_VIEW = "core.view_audit"
