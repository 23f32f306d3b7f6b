"""Setting Excel up on a PC: the user's xlwings.conf (which Python) and the add-in in XLSTART.

Nothing here imports xlwings: both are files in known places.
"""

from .xlstart import install_addin, xlstart_dir
from .xlwings_conf import runpython_install, set_interpreter, user_config_path

__all__ = [
    "install_addin",
    "runpython_install",
    "set_interpreter",
    "user_config_path",
    "xlstart_dir",
]
