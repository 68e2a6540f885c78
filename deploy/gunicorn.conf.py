"""gunicorn settings for the site: `gunicorn -c deploy/gunicorn.conf.py` from the project directory.

deploy/systemd/welltopia-web.service runs it; options on the command line override these. Logs go
to stdout (access) and stderr (errors), which systemd writes to the journal. Every line names the
path alone: staff search the queue by patient name in the query string, and a patient's status
page has its private token in the path (see welltopia/gunicorn_logging.py).
"""

import os

wsgi_app = "welltopia.wsgi:application"
proc_name = "welltopia"

# The reverse proxy on the same machine forwards here (README, Production).
bind = ["127.0.0.1:8001"]
# WEB_CONCURRENCY is gunicorn's usual variable; 2-4 workers per core for this site.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
timeout = 30
graceful_timeout = 30
keepalive = 5
# A fresh worker every couple of thousand requests bounds any slow leak; the jitter staggers them.
max_requests = 2000
max_requests_jitter = 200

# The proxy sets X-Forwarded-Proto / X-Forwarded-For; only trust it from the proxy's address.
forwarded_allow_ips = "127.0.0.1,::1"

# The control socket (gunicornc) lives in the service's runtime directory, readable by its user only.
if os.environ.get("RUNTIME_DIRECTORY"):
    control_socket = os.path.join(os.environ["RUNTIME_DIRECTORY"].split(":")[0], "gunicorn.ctl")
control_socket_mode = 0o600

accesslog = "-"
errorlog = "-"
loglevel = "info"
logger_class = "welltopia.gunicorn_logging.PrivateLogger"
# Address, time, method, path (no query string), protocol, status, bytes, milliseconds.
# No Referer and no User-Agent: the Referer of an admin page carries the search that led to it.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
