"""The people who use the platform.

Everyone signs in with an e-mail address. A user may manage actors (farms, shops, kitchens…),
act as a municipal officer, or simply be a citizen looking for food nearby; what a user *is*
in the network lives in the other apps. A user's e-mail and name are personal data: they never
appear on a public page, in an API response about someone else, or in an export.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken


class EmailUserManager(UserManager):
    """Creates users keyed by e-mail; the username column is kept equal to it."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """Lower-case the whole address, so one mailbox is one account however it is typed."""
        return (email or "").strip().lower()

    def get_by_natural_key(self, username):
        # Log-in looks the user up by what they typed; stored addresses are lower case.
        return self.get(email=self.normalize_email(username))

    def _create_user(self, username, email, password, **extra_fields):
        email = self.normalize_email(email or username)
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=email, username=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account: signs in with e-mail and password."""

    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # Addresses are stored lower case; this keeps a second account for the same mailbox
            # out even when a row is written past save() (bulk writes, raw SQL, old data).
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("An account with this e-mail address already exists."),
            ),
        ]

    def save(self, *args, **kwargs):
        self.email = type(self).objects.normalize_email(self.email)
        # The inherited username column stays unique and meaningful without a second identity.
        self.username = self.email
        super().save(*args, **kwargs)

    def __str__(self):
        return self.get_full_name() or self.email


class ApiToken(AbstractAuthToken):
    """A token one client application uses to call the API on its user's behalf.

    Knox stores only a hash of the token and lets it expire; we add the client's name so a user
    can tell their tokens apart on the account page and revoke one without the others.
    """

    name = models.CharField(_("client application"), max_length=100)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return self.name
