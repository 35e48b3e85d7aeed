from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import GoalArea, MenteeProfile, MentorProfile, Skill, User
from accounts.passwords import AdminPasswordForm


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    # A password set here ends the person's API token, like any other new password.
    change_password_form = AdminPasswordForm
    ordering = ("email",)
    list_display = ("email", "full_name", "timezone", "is_staff", "date_joined")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Профиль"), {"fields": ("full_name", "timezone")}),
        (_("Права"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Даты"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


class SkillInline(admin.TabularInline):
    model = Skill.goal_areas.through
    extra = 1
    verbose_name = _("навык")
    verbose_name_plural = _("навыки")


@admin.register(GoalArea)
class GoalAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "name_en", "position")
    list_editable = ("position",)
    search_fields = ("code", "name_ru", "name_en")
    inlines = [SkillInline]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ru", "name_en", "position")
    list_filter = ("goal_areas",)
    search_fields = ("code", "name_ru", "name_en")
    filter_horizontal = ("goal_areas",)


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "headline", "capacity", "active_mentees", "accepting_mentees")
    list_filter = ("accepting_mentees", "goal_areas")
    search_fields = ("user__full_name", "user__email", "headline")
    raw_id_fields = ("user",)
    readonly_fields = ("active_mentees",)


@admin.register(MenteeProfile)
class MenteeProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "goal_area", "stage", "current_role")
    list_filter = ("goal_area", "stage")
    search_fields = ("user__full_name", "user__email", "current_role")
    raw_id_fields = ("user",)
