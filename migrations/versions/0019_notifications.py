"""notifications: each user's choices, the notices, the outbox of mails, the calendar feed

- notification_settings (digest time and days, the mails' language) and notification_choices (a
  channel per kind of notice; a kind without a row has its default).
- notifications: unique per (user, event, case, reference), which is the sent-log: a reminder goes
  once, a moved follow-up date (another reference) arms it again.
- notification_outbox: mails written in the transaction of the change that caused them, sent by
  `flask notifications deliver` (status and next attempt indexed for it).
- calendar_feeds: the secret of each user's calendar address, found by its hash.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-09

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_calendar_feeds_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash'))
    )
    op.create_table('notification_choices',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.Enum('follow_up_due', 'follow_up_overdue', 'handed_over', 'team_changed', 'help_decided', 'barrier_open_long', 'initiator_replied', 'mail_imported', name='notification_event', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('channel', sa.Enum('email', 'digest', 'in_app', 'off', name='notification_channel', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_choices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'event', name=op.f('pk_notification_choices'))
    )
    op.create_table('notification_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('immediate', 'digest', name='outbox_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sent', 'failed', name='outbox_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_outbox_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_outbox'))
    )
    with op.batch_alter_table('notification_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_notification_outbox_status_next_attempt_at', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_outbox_user_id'), ['user_id'], unique=False)

    op.create_table('notification_settings',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('digest_hour', sa.String(length=5), nullable=False),
    sa.Column('digest_on_weekends', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('last_digest_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_settings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_settings'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('event', sa.Enum('follow_up_due', 'follow_up_overdue', 'handed_over', 'team_changed', 'help_decided', 'barrier_open_long', 'initiator_replied', 'mail_imported', name='notification_event', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('initiative_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.Enum('email', 'digest', 'in_app', 'off', name='notification_channel', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('outbox_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_notifications_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['outbox_id'], ['notification_outbox.id'], name=op.f('fk_notifications_outbox_id_notification_outbox'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('user_id', 'event', 'initiative_id', 'reference', name=op.f('uq_notifications_user_id'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_outbox_id'), ['outbox_id'], unique=False)
        batch_op.create_index('ix_notifications_user_id_read_at', ['user_id', 'read_at'], unique=False)



def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_id_read_at')
        batch_op.drop_index(batch_op.f('ix_notifications_outbox_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_initiative_id'))

    op.drop_table('notifications')
    op.drop_table('notification_settings')
    with op.batch_alter_table('notification_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_outbox_user_id'))
        batch_op.drop_index('ix_notification_outbox_status_next_attempt_at')

    op.drop_table('notification_outbox')
    op.drop_table('notification_choices')
    op.drop_table('calendar_feeds')
