from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from samordna.accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Samordna", {"fields": ("title", "phone")}))
