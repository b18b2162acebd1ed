"""The time-lapse as moving pictures: the cumulative map year by year as an H.264 MP4 (the
ffmpeg that imageio-ffmpeg ships) or a GIF, and as one page per year."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import numpy as np

from geo.analysis import views
from geo.analysis.classify import classify
from geo.analysis.filters import Filters
from geo.render.files import figures

FRAME_SIZE = (1280, 720)  # 16:9, divisible by 16 for H.264


def timelapse(ds: views.Dataset, filters: Filters, fmt: str, size: str) -> bytes:
    """Cumulative density year by year: a video, a GIF, one page per year, or the last year."""
    lapse = views.timelapse(ds, filters)
    years = lapse.years
    classes = classify(lapse.per_unit[-1].astype(float), filters.classification)

    def frame(i: int, frame_size: str):
        return figures.timelapse_figure(ds, filters, lapse, i, classes, size=frame_size)

    if fmt == "png":
        return figures.to_bytes(frame(len(years) - 1, size), "png")
    if fmt == "pdf":
        return figures.to_pdf(frame(i, size) for i in range(len(years)))
    pictures = [_rgb(frame(i, "16:9")) for i in range(len(years))]
    if fmt == "gif":
        from PIL import Image

        images = [Image.fromarray(p).resize((960, 540)) for p in pictures]
        out = io.BytesIO()
        images[0].save(out, format="GIF", save_all=True, append_images=images[1:],
                       duration=[1000] * (len(images) - 1) + [3000], loop=0, optimize=True)
        return out.getvalue()
    return _mp4(pictures)


def _rgb(fig) -> np.ndarray:
    """A 16:9 figure as 1280×720 RGB pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig.set_dpi(FRAME_SIZE[0] / fig.get_figwidth())
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[:, :, :3].copy()


def _mp4(pictures: list[np.ndarray], seconds_per_year: int = 1, fps: int = 2) -> bytes:
    """H.264 (the ffmpeg that imageio-ffmpeg ships), each year shown a second, the last three."""
    import imageio_ffmpeg

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "timelapse.mp4"
        writer = imageio_ffmpeg.write_frames(str(path), FRAME_SIZE, fps=fps, codec="libx264",
                                             pix_fmt_out="yuv420p", macro_block_size=16,
                                             quality=7)
        writer.send(None)
        for i, picture in enumerate(pictures):
            repeat = fps * (3 if i == len(pictures) - 1 else seconds_per_year)
            for _ in range(repeat):
                writer.send(np.ascontiguousarray(picture))
        writer.close()
        return path.read_bytes()
