/*
 * notify.c -- messages to users, and the e-mail/SMS gateway hook.
 *
 * zw_notify writes a messages row in the caller's transaction, so a
 * message exists exactly when the change it reports was committed.
 * When notify.gateway_command is set it also queues a durable job
 * (kind ZW_NOTIFY_JOB_KIND, payload {"message_id": N}) in the same
 * transaction.  The job worker then runs the command -- no shell: the
 * setting is split on blanks into the program and its arguments --
 * with the message as one JSON object on standard input:
 *
 *   {"message_id", "user_id", "login", "name", "phone", "email",
 *    "title", "body", "app_id" (null when not about an application)}
 *
 * Exit status 0 means delivered.  Anything else (another status, a
 * signal, no exit within GATEWAY_TIMEOUT_S) is a failure: the job
 * queue retries with back-off and, after its last attempt, keeps the
 * job as failed with the program's first output bytes as the error, for
 * an administrator to see.  Delivery is therefore at least once; the
 * gateway can use message_id to drop repeats.
 *
 * The program runs in a process group of its own (killed whole on
 * timeout), with the default signal mask and dispositions, only fds
 * 0-2 open, and the server's environment minus ZHENGWU_* variables
 * (they may hold the database URL and its password).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "approvals/notify.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/json.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/str.h"
#include "base/utf8.h"
#include "store/jobs.h"

extern char **environ;

#define GATEWAY_TIMEOUT_S	30	/* a gateway call may take this long */

/* The gateway command split into words; words[0] == NULL = none.  Set
 * at start-up before threads run, read-only afterwards. */
static char *gw_text;
static char *gw_words[ZW_NOTIFY_MAX_ARGS + 1];

int
zw_notify_set_gateway(const char *command)
{
	char *p;
	size_t n = 0;

	zw_free(gw_text);
	gw_text = NULL;
	gw_words[0] = NULL;
	if (command == NULL || *command == '\0')
		return ZW_OK;
	gw_text = zw_strdup(command);
	for (p = gw_text; *p; ) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if (n == ZW_NOTIFY_MAX_ARGS) {
			zw_free(gw_text);
			gw_text = NULL;
			gw_words[0] = NULL;
			return ZW_ETOOBIG;
		}
		gw_words[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	gw_words[n] = NULL;
	return ZW_OK;
}

static int
check_text(const char *s, size_t maxchars, bool required)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n == 0)
		return required ? ZW_EINVAL : ZW_OK;
	if (!zw_utf8_valid(s, n) || zw_utf8_has_controls(s, n) ||
	    zw_utf8_chars(s, n) > maxchars)
		return ZW_EINVAL;
	return ZW_OK;
}

int
zw_notify(zw_conn *c, int64_t user_id, int64_t app_id, const char *title,
    const char *body)
{
	char payload[64];
	int64_t id;
	zw_stmt *s;
	int rc;

	if (check_text(title, ZW_MSG_MAX_TITLE, true) != ZW_OK ||
	    check_text(body, ZW_MSG_MAX_BODY, false) != ZW_OK)
		return ZW_EINVAL;
	if ((rc = zw_prepare(c, "SELECT id FROM users WHERE id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, user_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EINVAL;
	zw_reset(s);
	rc = zw_prepare(c, "INSERT INTO messages (user_id, app_id, title, body, "
	    "created_at) VALUES (?, ?, ?, ?, ?) RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, user_id);
	if (app_id > 0)
		zw_bind_int(s, 2, app_id);
	else
		zw_bind_null(s, 2);
	zw_bind_text(s, 3, title, (size_t)-1);
	zw_bind_text(s, 4, body ? body : "", (size_t)-1);
	zw_bind_int(s, 5, zw_now());
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	id = zw_col_int(s, 0);
	zw_reset(s);
	if (gw_words[0] == NULL)
		return ZW_OK;
	if (snprintf(payload, sizeof(payload), "{\"message_id\":%lld}",
	    (long long)id) >= (int)sizeof(payload))
		return ZW_EINVAL;
	return zw_job_enqueue(c, ZW_NOTIFY_JOB_KIND, payload, 0, NULL);
}

/* ---- the gateway job ---- */

/* The environment without ZHENGWU_* (arena). */
static char **
child_env(zw_arena *a)
{
	size_t n = 0, i, j = 0;
	char **env;

	while (environ != NULL && environ[n] != NULL)
		n++;
	env = zw_alloc(a, sizeof(*env) * (n + 1));
	for (i = 0; i < n; i++)
		if (strncmp(environ[i], "ZHENGWU_", 8) != 0)
			env[j++] = environ[i];
	env[j] = NULL;
	return env;
}

/* Output kept as the job's error: printable, valid UTF-8. */
static void
error_text(char *errbuf, size_t errlen, const char *what, const char *out,
    size_t n)
{
	char clean[ZW_NOTIFY_MAX_OUTPUT + 1];
	size_t i;
	bool utf8;

	memcpy(clean, out, n);
	clean[n] = '\0';
	utf8 = zw_utf8_valid(clean, n);
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)clean[i];

		if (ch < 0x20 || ch == 0x7f)
			clean[i] = ' ';
		else if (ch >= 0x80 && !utf8)
			clean[i] = '?';
	}
	snprintf(errbuf, errlen, "gateway %s%s%s", what, n ? ": " : "", clean);
	/* a cut in the middle of a character would leave invalid UTF-8 */
	n = strlen(errbuf);
	while (n > 0 && !zw_utf8_valid(errbuf, n))
		errbuf[--n] = '\0';
}

/*
 * Run the gateway with data on its standard input.  ZW_OK when it
 * exits 0; ZW_EIO (errbuf set) otherwise.
 */
static int
run_gateway(zw_arena *a, const char *data, size_t len, char *errbuf,
    size_t errlen)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, pipe_set, old_mask;
	char out[ZW_NOTIFY_MAX_OUTPUT];
	size_t nout = 0, sent = 0;
	int in[2] = { -1, -1 }, op[2] = { -1, -1 }, st = 0, rc = ZW_EIO;
	int64_t deadline = zw_mono_ms() + GATEWAY_TIMEOUT_S * 1000;
	bool exited = false, epipe = false, timed_out = false;
	pid_t pid;

	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(op, O_CLOEXEC) != 0) {
		snprintf(errbuf, errlen, "gateway: pipe: %s", strerror(errno));
		if (in[0] >= 0) {
			close(in[0]);
			close(in[1]);
		}
		return ZW_EIO;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, op[1], 1);
	posix_spawn_file_actions_adddup2(&fa, op[1], 2);
	posix_spawn_file_actions_addclosefrom_np(&fa, 3);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &pipe_set);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
	st = posix_spawnp(&pid, gw_words[0], &fa, &at, gw_words, child_env(a));
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	close(in[0]);
	close(op[1]);
	if (st != 0) {
		snprintf(errbuf, errlen, "gateway: cannot run %s: %s", gw_words[0],
		    strerror(st));
		close(in[1]);
		close(op[0]);
		return ZW_EIO;
	}
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	fcntl(op[0], F_SETFL, O_NONBLOCK);

	/* A gateway that stops reading must not kill us with SIGPIPE. */
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
	if (len == 0) {
		close(in[1]);
		in[1] = -1;
	}
	while (op[0] >= 0 || in[1] >= 0) {
		struct pollfd p[2];
		int np = 0, wait_ms = (int)(deadline - zw_mono_ms());
		ssize_t k;

		if (wait_ms <= 0) {
			timed_out = true;
			break;
		}
		if (in[1] >= 0)
			p[np++] = (struct pollfd){ .fd = in[1], .events = POLLOUT };
		if (op[0] >= 0)
			p[np++] = (struct pollfd){ .fd = op[0], .events = POLLIN };
		if (poll(p, (nfds_t)np, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (in[1] >= 0 && p[0].revents) {
			k = write(in[1], data + sent, len - sent);
			if (k > 0)
				sent += (size_t)k;
			if ((k < 0 && errno != EAGAIN && errno != EINTR) ||
			    sent == len) {
				if (k < 0 && errno == EPIPE)
					epipe = true;
				close(in[1]);
				in[1] = -1;
			}
		}
		if (op[0] >= 0 && p[np - 1].revents) {
			char buf[4096];

			k = read(op[0], buf, sizeof(buf));
			if (k > 0) {
				size_t take = (size_t)k;

				if (take > sizeof(out) - nout)
					take = sizeof(out) - nout;
				memcpy(out + nout, buf, take);
				nout += take;
			} else if (k == 0 || (errno != EAGAIN && errno != EINTR)) {
				close(op[0]);
				op[0] = -1;
			}
		}
	}
	if (in[1] >= 0)
		close(in[1]);
	if (op[0] >= 0)
		close(op[0]);
	if (epipe) {
		struct timespec zero = { 0, 0 };

		while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);

	/* The output is closed: wait for the exit until the deadline. */
	while (!timed_out) {
		pid_t w = waitpid(pid, &st, WNOHANG);

		if (w == pid) {
			exited = true;
			break;
		}
		if (w < 0 && errno != EINTR)
			break;
		if (zw_mono_ms() >= deadline) {
			timed_out = true;
			break;
		}
		nanosleep(&(struct timespec){ 0, 10 * 1000000 }, NULL);
	}
	if (!exited) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
	if (timed_out) {
		char what[64];

		snprintf(what, sizeof(what), "timed out after %d s",
		    GATEWAY_TIMEOUT_S);
		error_text(errbuf, errlen, what, out, nout);
	} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		rc = ZW_OK;
	} else {
		char what[64];

		if (WIFEXITED(st))
			snprintf(what, sizeof(what), "exit status %d",
			    WEXITSTATUS(st));
		else
			snprintf(what, sizeof(what), "killed by signal %d",
			    WIFSIGNALED(st) ? WTERMSIG(st) : 0);
		error_text(errbuf, errlen, what, out, nout);
	}
	return rc;
}

static int
gateway_job(zw_conn *c, struct zw_arena *a, int64_t job_id,
    const char *payload, char *errbuf, size_t errlen)
{
	json_error_t je;
	json_t *p, *o;
	int64_t mid;
	zw_stmt *s;
	char *text;
	int rc;

	(void)job_id;
	p = json_loads(payload ? payload : "", 0, &je);
	mid = p != NULL ? zw_json_int(p, "message_id") : 0;
	json_decref(p);
	if (mid <= 0) {
		snprintf(errbuf, errlen, "gateway: bad payload");
		return ZW_EINVAL;
	}
	if (gw_words[0] == NULL) {
		/* The setting was removed since the job was queued. */
		zw_warn("message %lld not sent: notify.gateway_command is empty",
		    (long long)mid);
		return ZW_OK;
	}
	rc = zw_prepare(c, "SELECT m.user_id, u.login, u.name, "
	    "COALESCE(pa.phone, u.phone), COALESCE(pa.email, ''), m.title, "
	    "m.body, COALESCE(m.app_id, 0) FROM messages m "
	    "JOIN users u ON u.id = m.user_id "
	    "LEFT JOIN public_accounts pa ON pa.user_id = m.user_id "
	    "WHERE m.id = ?", &s);
	if (rc == ZW_OK) {
		zw_bind_int(s, 1, mid);
		rc = zw_step(s);
	}
	if (rc != ZW_ROW) {
		snprintf(errbuf, errlen, "gateway: message %lld: %s", (long long)mid,
		    rc == ZW_OK ? "not found" : zw_conn_errmsg(c));
		return rc < 0 ? rc : ZW_ENOTFOUND;
	}
	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}",
	    "message_id", (json_int_t)mid, "user_id", (json_int_t)zw_col_int(s, 0),
	    "login", zw_col_text(s, 1), "name", zw_col_text(s, 2),
	    "phone", zw_col_text(s, 3), "email", zw_col_text(s, 4),
	    "title", zw_col_text(s, 5), "body", zw_col_text(s, 6));
	json_object_set_new(o, "app_id", zw_col_int(s, 7) > 0 ?
	    json_integer(zw_col_int(s, 7)) : json_null());
	zw_reset(s);
	text = zw_json_dump(a, o);
	json_decref(o);
	return run_gateway(a, text, strlen(text), errbuf, errlen);
}

void
zw_notify_jobs_init(void)
{
	zw_job_register(ZW_NOTIFY_JOB_KIND, gateway_job);
}

/* ---- reading messages ---- */

static json_t *
message_row(zw_stmt *s)
{
	json_t *o = json_object();
	char ts[32];

	json_object_set_new(o, "id", json_integer(zw_col_int(s, 0)));
	json_object_set_new(o, "title", json_string(zw_col_text(s, 1)));
	json_object_set_new(o, "body", json_string(zw_col_text(s, 2)));
	json_object_set_new(o, "app_id", zw_col_isnull(s, 3) ? json_null() :
	    json_integer(zw_col_int(s, 3)));
	json_object_set_new(o, "app_no", zw_col_isnull(s, 4) ? json_null() :
	    json_string(zw_col_text(s, 4)));
	zw_time_rfc3339(zw_col_int(s, 5), ts, sizeof(ts));
	json_object_set_new(o, "created_at", json_string(ts));
	json_object_set_new(o, "read", json_boolean(!zw_col_isnull(s, 6)));
	if (zw_col_isnull(s, 6))
		json_object_set_new(o, "read_at", json_null());
	else {
		zw_time_rfc3339(zw_col_int(s, 6), ts, sizeof(ts));
		json_object_set_new(o, "read_at", json_string(ts));
	}
	return o;
}

int
zw_messages_list(zw_conn *c, int64_t user_id, int64_t limit, int64_t cursor,
    json_t **items, int64_t *next_cursor)
{
	int64_t n = 0, last = 0;
	zw_stmt *s;
	int rc;

	*items = NULL;
	*next_cursor = -1;
	rc = zw_prepare(c, "SELECT m.id, m.title, m.body, m.app_id, a.no, "
	    "m.created_at, m.read_at FROM messages m "
	    "LEFT JOIN applications a ON a.id = m.app_id "
	    "WHERE m.user_id = ? AND (CAST(? AS BIGINT) = 0 OR m.id < ?) "
	    "ORDER BY m.id DESC LIMIT ?", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, user_id);
	zw_bind_int(s, 2, cursor);
	zw_bind_int(s, 3, cursor);
	zw_bind_int(s, 4, limit + 1);
	*items = json_array();
	while ((rc = zw_step(s)) == ZW_ROW) {
		if (n == limit) {
			*next_cursor = last;
			zw_reset(s);
			rc = ZW_OK;
			break;
		}
		last = zw_col_int(s, 0);
		json_array_append_new(*items, message_row(s));
		n++;
	}
	if (rc < 0) {
		json_decref(*items);
		*items = NULL;
		return rc;
	}
	return ZW_OK;
}

int
zw_messages_unread(zw_conn *c, int64_t user_id, int64_t *n)
{
	zw_stmt *s;
	int rc;

	*n = 0;
	rc = zw_prepare(c, "SELECT COUNT(*) FROM messages WHERE user_id = ? "
	    "AND read_at IS NULL", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, user_id);
	if ((rc = zw_step(s)) != ZW_ROW)
		return rc < 0 ? rc : ZW_EDB;
	*n = zw_col_int(s, 0);
	zw_reset(s);
	return ZW_OK;
}

int
zw_message_read(zw_conn *c, const struct zw_actor *who, int64_t id)
{
	zw_stmt *s;
	int rc;

	rc = zw_prepare(c, "UPDATE messages SET read_at = ? WHERE id = ? AND "
	    "user_id = ? AND read_at IS NULL RETURNING id", &s);
	if (rc != ZW_OK)
		return rc;
	zw_bind_int(s, 1, zw_now());
	zw_bind_int(s, 2, id);
	zw_bind_int(s, 3, who->id);
	rc = zw_step(s);
	if (rc == ZW_ROW) {
		zw_reset(s);
		return zw_actor_audit(c, who, "message.read", "message", id,
		    "success", NULL);
	}
	if (rc < 0)
		return rc;
	/* Nothing changed: already read (fine), or not the caller's. */
	if ((rc = zw_prepare(c, "SELECT id FROM messages WHERE id = ? AND "
	    "user_id = ?", &s)))
		return rc;
	zw_bind_int(s, 1, id);
	zw_bind_int(s, 2, who->id);
	rc = zw_step(s);
	zw_reset(s);
	return rc == ZW_ROW ? ZW_OK : rc < 0 ? rc : ZW_ENOTFOUND;
}
