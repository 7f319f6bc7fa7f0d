"""The services: what a counter, a supervisor or a script asks of the hall, with the roles'
rules; the UI and the command line call these.

The store is imported first, so that peewee is loaded the way :mod:`hall_desk.store` loads
it whichever service is imported first.
"""

import hall_desk.store  # noqa: F401
