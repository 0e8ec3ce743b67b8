// The parts of libedit's native API the REPL uses. `el_set`, `el_get` and
// `history` are C variadics, which Swift cannot call, so each use gets a
// fixed-signature wrapper here; `stdin`/`stdout`/`stderr` are mutable C
// globals that Swift 6 rejects, so they come through accessors too.
#ifndef SCENARIO_CEDITLINE_SHIM_H
#define SCENARIO_CEDITLINE_SHIM_H

#include <histedit.h>
#include <stdio.h>
#include <wchar.h>

typedef char *(*scn_prompt_fn)(EditLine *);
typedef unsigned char (*scn_command_fn)(EditLine *, int);
typedef int (*scn_getc_fn)(EditLine *, wchar_t *);

static inline FILE *scn_stdin(void) { return stdin; }
static inline FILE *scn_stdout(void) { return stdout; }
static inline FILE *scn_stderr(void) { return stderr; }

static inline int scn_el_set_prompt(EditLine *el, scn_prompt_fn prompt) {
    return el_set(el, EL_PROMPT, prompt);
}
static inline int scn_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
/// 0: libedit installs no signal handlers (the REPL owns SIGINT and SIGWINCH).
static inline int scn_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}
static inline int scn_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
static inline void *scn_el_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}
static inline int scn_el_set_getcfn(EditLine *el, scn_getc_fn fn) {
    return el_set(el, EL_GETCFN, fn);
}
static inline int scn_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
static inline int scn_el_addfn(EditLine *el, const char *name, const char *help,
                               scn_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int scn_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL);
}

static inline int scn_history_setsize(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
static inline int scn_history_setunique(History *h, int on) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, on);
}
static inline int scn_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int scn_history_clear(History *h) {
    HistEvent ev;
    return history(h, &ev, H_CLEAR);
}

#endif
