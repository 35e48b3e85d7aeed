from rest_framework import serializers

from mentorship.checklist import BY_KEY
from mentorship.models import ChecklistItem, EndReason, Mentorship, Message


class PersonOutput(serializers.Serializer):
    """One side of a pair; contact data is shown only inside the mentorship."""

    id = serializers.IntegerField(source="user_id")
    full_name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    timezone = serializers.CharField()


class ChecklistItemOutput(serializers.ModelSerializer):
    title = serializers.SerializerMethodField()
    hint = serializers.SerializerMethodField()

    class Meta:
        model = ChecklistItem
        fields = ["key", "title", "hint", "phase", "required", "done", "done_at"]

    def get_title(self, item: ChecklistItem) -> str:
        return str(BY_KEY[item.key].title)

    def get_hint(self, item: ChecklistItem) -> str:
        return str(BY_KEY[item.key].hint)


class MentorshipOutput(serializers.ModelSerializer):
    mentee = PersonOutput(allow_null=True)
    mentor = PersonOutput(allow_null=True)
    checklist = ChecklistItemOutput(many=True)
    programme = serializers.SerializerMethodField()
    unread_messages = serializers.SerializerMethodField()

    class Meta:
        model = Mentorship
        fields = [
            "id", "mentee", "mentor", "phase", "started_at", "phase_started_at", "ended_at",
            "end_reason", "checklist", "programme", "unread_messages",
        ]  # fmt: skip

    def get_unread_messages(self, mentorship: Mentorship) -> int:
        from mentorship.services import unread_count

        return unread_count(user=self.context["request"].user, mentorship=mentorship)

    def get_programme(self, mentorship: Mentorship) -> int | None:
        return None


class ChecklistInput(serializers.Serializer):
    done = serializers.BooleanField()


class EndInput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=EndReason.choices)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MessageOutput(serializers.ModelSerializer):
    author = serializers.IntegerField(source="author_id", allow_null=True)
    author_name = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "author", "author_name", "body", "created_at"]

    def get_author_name(self, message: Message) -> str:
        # A deleted account leaves its words but no name.
        return message.author.full_name if message.author else ""


class MessageInput(serializers.Serializer):
    body = serializers.CharField(max_length=10000)
